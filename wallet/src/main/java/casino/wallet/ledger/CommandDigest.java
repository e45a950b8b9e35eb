package casino.wallet.ledger;

import casino.common.json.Json;
import casino.contract.wallet.WireNames;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.PostTransaction;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;

/**
 * What a replay must match: the command without its event time and request id. A posted
 * transaction is compared by a SHA-256 of its canonical text (amount as a number, so 5 == 5.00;
 * labels in key order), so a long description costs the fingerprint store nothing.
 */
final class CommandDigest {
    private CommandDigest() {}

    static String of(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit:" + command.getDeposit().getAmount().getCurrency() + ":"
                    + command.getDeposit().getAmount().getMinor();
            case CASINO_BET -> "casino_bet:" + command.getCasinoBet().getStake().getCurrency() + ":"
                    + command.getCasinoBet().getStake().getMinor() + ":" + command.getCasinoBet().getWon();
            case POST_TRANSACTION -> "post:" + sha256(canonical(command.getPostTransaction()));
            case VOID_TRANSACTION -> "void:" + command.getVoidTransaction().getTransactionId();
            case CREATE_WALLET -> "create";
            case TRANSFER_OUT -> "transfer:" + sha256(canonical(command.getTransferOut()));
            case TRANSFER_IN -> "transfer_in:" + command.getTransferIn().getTransferId();
            case TRANSFER_SETTLE -> "transfer_settle:" + command.getTransferSettle().getTransferId();
            case RELEASE_EXTERNAL_ID -> "release";
            case BODY_NOT_SET -> "none";
        };
    }

    /** A create as its client asked for it: the id only if the client chose it; not the time. */
    static String ofCreate(CreateWallet create) {
        try {
            return sha256(Json.MAPPER.writeValueAsString(List.of(create.getIdGiven() ? create.getWalletId() : "",
                    create.getExternalId(), create.getCurrency(), new TreeMap<>(create.getLabelsMap()), create.getInitialMinor())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transfer as its client asked for it: target, amount as a number, currency, description, labels. */
    private static String canonical(casino.contract.wallet.proto.TransferOut t) {
        try {
            return Json.MAPPER.writeValueAsString(List.of(t.getToWalletId(), number(t.getAmount()), t.getCurrency(),
                    t.getDescription(), new TreeMap<>(t.getLabelsMap())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String number(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return "text:" + text;
        }
    }

    private static String canonical(PostTransaction post) {
        String amount;
        try {
            amount = post.getAmount().isEmpty() ? "minor:" + post.getAmountMinor()
                    : new BigDecimal(post.getAmount()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            amount = "text:" + post.getAmount();
        }
        try {
            // the currency joins the digest only when sent, so digests of earlier commands stay the same
            List<Object> parts = new java.util.ArrayList<>(List.of(WireNames.of(Ledger.kindOf(post)), amount, post.getDescription(),
                    new TreeMap<>(post.getLabelsMap())));
            if (!post.getCurrency().isEmpty()) parts.add(post.getCurrency());
            return Json.MAPPER.writeValueAsString(parts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
