package casino.wallet.api;

import casino.wallet.ledger.LedgerRules;
import casino.common.http.ApiException;
import casino.wallet.ledger.WalletId;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.Money;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated {@code POST /deposit} body: {@code {"WalletID": "w1", "Amount": 80.5, "Fingerprint": "opt"}}.
 * Amount is in EUR, positive, at most 2 decimals, at most 1e12; it is kept as exact minor units.
 * Every violation is a 400 naming the field.
 */
public record DepositForm(String walletId, long amountMinor, Optional<String> fingerprint) {
    public static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> FIELDS = Set.of("WalletID", "Amount", "Fingerprint");

    /** The ledger command of this deposit: fingerprint as sent, else the request id; event time {@code createdAtMs}. */
    public Command command(String requestId, String currency, long createdAtMs) {
        return Command.newBuilder()
                .setRequestId(requestId)
                .setFingerprint(fingerprint.orElse(requestId))
                .setDeposit(DepositRequest.newBuilder()
                        .setWalletId(walletId)
                        .setAmount(Money.newBuilder().setMinor(amountMinor).setCurrency(currency))
                        .setCreatedAtMs(createdAtMs))
                .build();
    }

    public static DepositForm parse(String body) throws JsonProcessingException {
        JsonBody root = JsonBody.parse(body, FIELDS, false);
        String walletId = walletId(root.raw("WalletID"), "WalletID");
        long amount = amountMinor(root.raw("Amount"));
        JsonNode fp = root.raw("Fingerprint");
        Optional<String> fingerprint = Optional.empty();
        if (fp != null && !fp.isNull()) {
            if (!fp.isTextual() || !FINGERPRINT.matcher(fp.asText()).matches()) {
                throw ApiException.badRequest("Fingerprint", "Fingerprint must be 1-64 characters of [A-Za-z0-9._:-]");
            }
            ResourceRoutes.fingerprint(fp.asText(), "Fingerprint");
            fingerprint = Optional.of(fp.asText());
        }
        return new DepositForm(walletId, amount, fingerprint);
    }

    /** A wallet id: 1-64 characters of [A-Za-z0-9._-]. */
    public static String walletId(JsonNode node, String field) {
        if (node == null || node.isNull()) throw ApiException.badRequest(field, field + " is required");
        if (!node.isTextual()) throw ApiException.badRequest(field, field + " must be a string");
        return checkWalletId(node.asText(), field);
    }

    public static String checkWalletId(String id, String field) {
        if (!WalletId.isValid(id)) {
            throw ApiException.badRequest(field, field + " must be " + WalletId.RULE);
        }
        return id;
    }

    private static long amountMinor(JsonNode node) {
        if (node == null || node.isNull()) throw ApiException.badRequest("Amount", "Amount is required");
        if (!node.isNumber()) throw ApiException.badRequest("Amount", "Amount must be a number");
        BigDecimal amount = JsonBody.bounded(node.decimalValue(), "Amount");
        if (amount.signum() <= 0) throw ApiException.badRequest("Amount", "Amount must be positive");
        if (amount.stripTrailingZeros().scale() > LedgerRules.CORE_SCALE) {
            throw ApiException.badRequest("Amount", "Amount must have at most 2 decimals");
        }
        if (amount.compareTo(AmountLimit.MAX_MAJOR) > 0) {
            throw ApiException.badRequest("Amount", "Amount must be at most " + AmountLimit.MAX_TEXT);
        }
        return amount.setScale(LedgerRules.CORE_SCALE).unscaledValue().longValueExact();
    }
}
