package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.TransferOut;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.TransferStatus;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.ledger.WalletId;
import casino.wallet.topics.WalletTopics;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /transfers} and {@code GET /transfers/{id}}: a transfer is a saga of three ledger
 * commands (debit on the source, credit on the target, settle on the source), each step's next command
 * written in the step's own Kafka transaction; the answer waits for the settle (read-your-writes for
 * both legs). Checked up front: the body, {@code from != to}, that the target exists (wallets are never
 * deleted); by the source's ledger: the source, the rate, the funds. Known gap: a transfer not settled
 * within the wait is answered 202 pending (poll {@code GET /transfers/{id}}).
 */
final class TransferRoutes {
    static final Set<String> FIELDS = Set.of("from", "to", "amount", "currency", "fingerprint", "description", "labels");
    private static final Submitter.Fields REFUSAL_FIELDS = new Submitter.Fields("from", "amount", "fingerprint", null);
    private final CommandSender commands;
    private final Submitter submitter;
    private final OutcomeTracker tracker;
    private final Owners owners;
    private final Clock clock;
    private final Duration wait;

    TransferRoutes(CommandSender commands, Submitter submitter, OutcomeTracker tracker, Owners owners, Clock clock, Duration wait) {
        this.commands = commands;
        this.submitter = submitter;
        this.tracker = tracker;
        this.owners = owners;
        this.clock = clock;
        this.wait = wait;
    }

    void register(Javalin app) {
        app.post("/transfers", this::post);
        app.get("/transfers/{id}", this::get);
    }

    /** A transfer as asked for. */
    record Request(String from, String to, BigDecimal amount, Optional<String> currency, String fingerprint, String description,
                   Map<String, String> labels) {}

    /** A transfer's state after the request, and whether the request was a replay of an earlier one. */
    record Result(TransferRecord transfer, boolean replay) {}

    private void post(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), FIELDS, false);
        String from = DepositForm.checkWalletId(body.text("from", 64)
                .orElseThrow(() -> ApiException.badRequest("from", "from is required")), "from");
        String to = DepositForm.checkWalletId(body.text("to", 64)
                .orElseThrow(() -> ApiException.badRequest("to", "to is required")), "to");
        BigDecimal amount = Params.checkedAmount(body, "amount", true);
        Optional<String> currency = Params.currency(body);
        String fingerprint = Params.fingerprint(body.text("fingerprint", 64)
                .orElseThrow(() -> ApiException.badRequest("fingerprint", "fingerprint is required")), "fingerprint");
        Request request = new Request(from, to, amount, currency, fingerprint, body.optionalText("description", 100).orElse(""),
                body.labels("labels"));
        Result result = transfer(request);
        if (result.replay()) ctx.header(WalletRoutes.REPLAYED, "true");
        TransferRecord t = result.transfer();
        if (t.getStatus() == TransferStatus.PENDING) ctx.header("Location", "/transfers/" + t.getId());
        ctx.status(t.getStatus() == TransferStatus.PENDING ? 202 : result.replay() ? 200 : 201).json(View.of(t));
    }

    /** Runs a transfer to its end (or the wait): its completed or pending record; a refusal or a failure as an ApiException. */
    Result transfer(Request r) {
        if (r.from().equals(r.to())) throw ApiException.badRequest("to", "from and to must be different wallets");
        if (owners.find(r.to()).isEmpty()) throw new ApiException(404, "wallet " + r.to() + " not found", "to");
        String id = r.from() + ":" + UUID.nameUUIDFromBytes((r.from() + "/" + r.fingerprint()).getBytes(StandardCharsets.UTF_8));
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<WalletEvent> settled = tracker.expect(casino.wallet.ledger.Commands.settleRequest(requestId));
        Command command = Command.newBuilder().setRequestId(requestId).setFingerprint(r.fingerprint())
                .setTransferOut(TransferOut.newBuilder().setTransferId(id).setFromWalletId(r.from()).setToWalletId(r.to())
                        .setAmount(r.amount().toPlainString()).setCurrency(r.currency().orElse("")).setDescription(r.description())
                        .putAllLabels(r.labels()).setCreatedAtMs(clock.millis()))
                .build();
        WalletEvent debit = Submitter.applied(submitter.submit(commands, r.from(), command), REFUSAL_FIELDS);
        // a replay carries the transfer as its source holds it now (the ledger reads it with the fingerprint)
        if (debit.getReplay()) return new Result(failedOrDone(debit.getTransfer()), true);
        TransferRecord record = OutcomeTracker.await(settled, wait).map(WalletEvent::getTransfer).orElse(debit.getTransfer());
        return new Result(failedOrDone(record), false);
    }

    /** A failed transfer is the refusal of its credit leg (balances are as before: refunded). */
    static TransferRecord failedOrDone(TransferRecord t) {
        if (t.getStatus() != TransferStatus.FAILED) return t;
        throw switch (t.getCode()) {
            case WALLET_NOT_FOUND -> new ApiException(404, t.getReason() + " (transfer " + t.getId() + " failed, refunded)", "to");
            case NO_RATE -> new ApiException(422, t.getReason() + " (transfer " + t.getId() + " failed, refunded)", "currency");
            default -> new ApiException(422, t.getReason() + " (transfer " + t.getId() + " failed, refunded)", "amount");
        };
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        int colon = id.lastIndexOf(':');
        String from = colon < 0 ? "" : id.substring(0, colon);
        if (!WalletId.isValid(from) || !isUuid(id.substring(colon + 1))) {
            throw ApiException.badRequest("id", "id must be a transfer id (<from wallet>:<uuid>)");
        }
        owners.on(ctx, WalletTopics.TRANSFERS, from, local -> ctx.json(View.of(local.get(WalletTopics.TRANSFERS, id)
                .orElseThrow(() -> new ApiException(404, "transfer " + id + " not found", "id")))));
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The JSON of a transfer. */
    @JsonPropertyOrder({"id", "from", "to", "status", "amount", "currency", "debited", "credited", "rate", "reason", "code",
            "fingerprint", "description", "labels", "created", "settled"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(String id, String from, String to, String status, @JsonSerialize(using = Views.Plain.class) BigDecimal amount,
                String currency, Views.MoneyView debited, Views.MoneyView credited,
                @JsonSerialize(using = Views.Plain.class) BigDecimal rate, String reason, String code, String fingerprint,
                String description, Map<String, String> labels, Instant created, Instant settled) {
        static View of(TransferRecord t) {
            boolean failed = t.getStatus() == TransferStatus.FAILED;
            return new View(t.getId(), t.getFromWalletId(), t.getToWalletId(), t.getStatus().name().toLowerCase(java.util.Locale.ROOT),
                    new BigDecimal(t.getAmount()), t.getCurrency(), Views.MoneyView.of(t.getDebited()),
                    t.hasCredited() ? Views.MoneyView.of(t.getCredited()) : null, t.getRate().isEmpty() ? null : new BigDecimal(t.getRate()),
                    failed ? t.getReason() : null, failed ? casino.contract.wallet.WireNames.of(t.getCode()) : null, t.getFingerprint(),
                    t.getDescription(), t.getLabelsMap(), Instant.ofEpochMilli(t.getCreatedAtMs()),
                    t.getSettledAtMs() == 0 ? null : Instant.ofEpochMilli(t.getSettledAtMs()));
        }
    }
}
