package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.WalletEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Seed 003's ("my-little-ps") routes, thin over the same ledger: {@code POST /wallet}, {@code
 * /receive_amount}, {@code /transfer_amount}, amounts as integers x 1,000,000, answers as {@code
 * {"payload": ...}} once applied, errors as {@code {"payload": {"error": ...}}} with a 4xx status. The
 * seed has no idempotency key: each request is a new command (a retry may apply twice).
 */
final class SeedRoutes {
    static final BigDecimal UNIT = BigDecimal.valueOf(1_000_000);
    private static final Submitter.Fields FIELDS = new Submitter.Fields("WalletId", "Amount", "Amount", null);
    private final CommandSender commands;
    private final Submitter submitter;
    private final TransferRoutes transfers;
    private final Clock clock;

    SeedRoutes(CommandSender commands, Submitter submitter, TransferRoutes transfers, Clock clock) {
        this.commands = commands;
        this.submitter = submitter;
        this.transfers = transfers;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/wallet", ctx -> payload(ctx, () -> create(ctx)));
        app.post("/receive_amount", ctx -> payload(ctx, () -> receive(ctx)));
        app.post("/transfer_amount", ctx -> payload(ctx, () -> transfer(ctx)));
    }

    /** Answers 200 {@code {"payload": result}}, or the error's status with {@code {"payload": {"error": message}}}. */
    static void payload(Context ctx, Callable<Object> handler) throws Exception {
        try {
            ctx.status(200).json(Map.of("payload", handler.call()));
        } catch (ApiException e) {
            e.headers().forEach(ctx::header);
            Map<String, String> error = new java.util.LinkedHashMap<>();
            error.put("error", e.getMessage());
            if (e.field() != null) error.put("field", e.field()); // the errors' {"error", "field"}, inside the seed's payload
            ctx.status(e.status()).json(Map.of("payload", error));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            ctx.status(400).json(Map.of("payload", Map.of("error", "malformed JSON body")));
        }
    }

    private Object create(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("Name", "Country", "City", "Currency"), false);
        String currency = code(body, "Currency").orElse("EUR");
        String id = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        Command command = Command.newBuilder().setRequestId(requestId).setFingerprint("create:" + requestId)
                .setCreateWallet(CreateWallet.newBuilder().setWalletId(id).setCurrency(currency).setCreatedAtMs(clock.millis())
                        .setName(body.optionalText("Name", 64).orElse("")).setCountry(body.optionalText("Country", 64).orElse(""))
                        .setCity(body.optionalText("City", 64).orElse("")))
                .build();
        WalletEvent event = Submitter.applied(submitter.submit(commands, id, command), FIELDS);
        return Map.of("WalletId", event.getWallet().getId());
    }

    private Object receive(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("WalletId", "Amount", "Currency"), false);
        String id = walletId(body, "WalletId");
        BigDecimal amount = amount(body);
        Command command = Command.newBuilder().setRequestId(UUID.randomUUID().toString()).setFingerprint("seed:" + UUID.randomUUID())
                .setPostTransaction(PostTransaction.newBuilder().setWalletId(id).setAmount(amount.toPlainString())
                        .setCurrency(code(body, "Currency").orElse("")).setDescription("receive_amount")
                        .setCreatedAtMs(clock.millis()).setKind(EntryKind.TRANSACTION))
                .build();
        WalletEvent event = Submitter.applied(submitter.submit(commands, id, command), FIELDS);
        return Views.TransactionView.of(event.getTransactions(0));
    }

    private Object transfer(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("OriginWalletId", "TargetWalletId", "Amount", "Currency"), false);
        TransferRoutes.Request request = new TransferRoutes.Request(walletId(body, "OriginWalletId"), walletId(body, "TargetWalletId"),
                amount(body), code(body, "Currency"), "seed:" + UUID.randomUUID(), "transfer_amount", Map.of());
        return TransferRoutes.View.of(transfers.transfer(request).transfer());
    }

    /** A wallet id as the seed sends it (a number) or as this wallet makes them (a string). */
    private static String walletId(JsonBody body, String field) {
        JsonNode node = body.raw(field);
        if (node == null || !(node.isTextual() || node.canConvertToExactIntegral())) {
            throw ApiException.badRequest(field, field + " is required (a wallet id)");
        }
        return DepositForm.checkWalletId(node.asText(), field);
    }

    /** A positive integer of millionths: 2150000 is 2.15; at least one unit, as on the resource API. */
    private static BigDecimal amount(JsonBody body) {
        JsonNode node = body.raw("Amount");
        if (node == null || !node.canConvertToExactIntegral() || !node.isNumber()) {
            throw ApiException.badRequest("Amount", "Amount must be an integer (units x 1,000,000)");
        }
        BigDecimal amount = JsonBody.bounded(node.decimalValue(), "Amount").divide(UNIT).stripTrailingZeros();
        if (amount.compareTo(BigDecimal.ONE) < 0) throw ApiException.badRequest("Amount", "Amount must be at least 1000000 (one unit)");
        if (amount.compareTo(AmountLimit.MAX_MAJOR) > 0) throw ApiException.badRequest("Amount", "Amount is too large");
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    private static Optional<String> code(JsonBody body, String field) {
        return body.text(field, 3).map(c -> {
            if (!casino.common.money.Currencies.isCode(c)) throw ApiException.badRequest(field, field + " must be an ISO 4217 code");
            return c;
        });
    }
}
