package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.WireNames;
import casino.contract.wallet.proto.CaptureHold;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.PlaceHold;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.VoidHold;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import casino.wallet.ledger.StoreKeys;
import casino.wallet.topics.WalletTopics;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Two-phase holds on the resource API: place, capture (in parts), void, read and list. Every write is a ledger
 * command through the one submit path, answered once applied; amounts of a hold are JSON strings at the
 * currency's scale. Known gap: a listing filtered by status reads the wallet's holds until the page is full, so
 * its cost grows with the holds skipped.
 */
final class HoldRoutes {
    static final long DEFAULT_EXPIRES_IN_S = 900;
    static final long MAX_EXPIRES_IN_S = 2_592_000;
    private static final Set<String> PLACE_FIELDS = Set.of("amount", "fingerprint", "expires_in", "currency", "labels");
    private static final Set<String> CAPTURE_FIELDS = Set.of("amount", "final", "fingerprint");
    private static final Submitter.Fields FIELDS = new Submitter.Fields("id", "amount", "fingerprint", "hold");
    private final CommandSender commands;
    private final Submitter submitter;
    private final Owners owners;
    private final java.time.Clock clock;

    HoldRoutes(CommandSender commands, Submitter submitter, Owners owners, java.time.Clock clock) {
        this.commands = commands;
        this.submitter = submitter;
        this.owners = owners;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/wallets/{id}/holds", this::place);
        app.get("/wallets/{id}/holds", this::list);
        app.get("/wallets/{id}/holds/{hold}", this::one);
        app.post("/wallets/{id}/holds/{hold}/capture", this::capture);
        app.post("/wallets/{id}/holds/{hold}/void", this::voidHold);
    }

    /** A hold as the API shows it; {@code balance} only on the answer to a write or a read of one hold. */
    @JsonPropertyOrder({"id", "wallet", "amount", "captured", "remaining", "currency", "status", "created", "expires_at",
            "closed_at", "fingerprint", "labels", "balance"})
    record HoldView(String id, String wallet, String amount, String captured, String remaining, String currency, String status,
                    Instant created, Instant expires_at, @JsonInclude(JsonInclude.Include.NON_NULL) Instant closed_at,
                    String fingerprint, Map<String, String> labels,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Funds balance) {
        static HoldView of(Hold h, Funds balance) {
            String c = h.getAmount().getCurrency();
            return new HoldView(h.getId(), h.getWalletId(), text(h.getAmount().getMinor(), c), text(h.getCapturedMinor(), c),
                    text(h.getRemainingMinor(), c), c, WireNames.of(h.getStatus()), Instant.ofEpochMilli(h.getCreatedAtMs()),
                    Instant.ofEpochMilli(h.getExpiresAtMs()), h.getClosedAtMs() == 0 ? null : Instant.ofEpochMilli(h.getClosedAtMs()),
                    h.getFingerprint(), h.getLabelsMap(), balance);
        }
    }

    /** A wallet's figures: posted (the entries' balance), held (what open holds reserve), available = posted - held. */
    record Funds(String posted, String held, String available) {
        static Funds of(long postedMinor, long heldMinor, String currency) {
            return new Funds(text(postedMinor, currency), text(heldMinor, currency), text(postedMinor - heldMinor, currency));
        }
    }

    static String text(long minor, String currency) {
        return Views.major(minor, currency).toPlainString();
    }

    private void place(Context ctx) throws IOException {
        String id = walletId(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), PLACE_FIELDS, false);
        BigDecimal amount = amount(body).orElseThrow(() -> ApiException.badRequest("amount", "amount is required"));
        long expiresIn = expiresIn(body.raw("expires_in"));
        PlaceHold.Builder hold = PlaceHold.newBuilder().setWalletId(id).setAmount(amount.toPlainString())
                .setCurrency(Params.currency(body).orElse("")).putAllLabels(body.labels("labels"))
                .setExpiresInS(expiresIn).setCreatedAtMs(clock.millis());
        answer(ctx, submitter.submit(commands, id, command(fingerprint(body)).setPlaceHold(hold).build()), false);
    }

    private void capture(Context ctx) throws IOException {
        String id = walletId(ctx);
        String hold = holdId(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), CAPTURE_FIELDS, false);
        JsonNode last = body.raw("final");
        if (last != null && !last.isBoolean()) throw ApiException.badRequest("final", "final must be true or false");
        CaptureHold.Builder capture = CaptureHold.newBuilder().setWalletId(id).setHoldId(hold)
                .setAmount(amount(body).map(BigDecimal::toPlainString).orElse(""))
                .setKeepOpen(last != null && !last.booleanValue()).setCreatedAtMs(clock.millis());
        answer(ctx, submitter.submit(commands, id, command(fingerprint(body)).setCaptureHold(capture).build()), true);
    }

    private void voidHold(Context ctx) throws IOException {
        String id = walletId(ctx);
        String hold = holdId(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("fingerprint"), false);
        VoidHold.Builder release = VoidHold.newBuilder().setWalletId(id).setHoldId(hold).setCreatedAtMs(clock.millis());
        answer(ctx, submitter.submit(commands, id, command(fingerprint(body)).setVoidHold(release).build()), false);
    }

    /** 201 (200 + Idempotent-Replayed for a replay) with the hold and the wallet's figures, or with the capture's entry too. */
    private static void answer(Context ctx, WalletEvent event, boolean withEntry) {
        if (event.getCode() == RejectionCode.INSUFFICIENT_FUNDS) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("error", "insufficient funds");
            refusal.put("field", "amount");
            refusal.put("available", text(event.getBalance().getMinor() - event.getHeldMinor(), event.getBalance().getCurrency()));
            ctx.status(422).json(refusal);
            return;
        }
        Submitter.applied(event, FIELDS);
        if (event.getReplay()) ctx.header(WalletRoutes.REPLAYED, "true");
        ctx.status(event.getReplay() ? 200 : 201);
        HoldView hold = HoldView.of(event.getHold(), Funds.of(event.getBalance().getMinor(), event.getHeldMinor(),
                event.getBalance().getCurrency()));
        if (!withEntry) {
            ctx.json(hold);
            return;
        }
        Map<String, Object> captured = new LinkedHashMap<>();
        captured.put("entry", Views.TransactionView.of(event.getTransactions(event.getTransactionsCount() - 1)));
        captured.put("hold", hold);
        ctx.json(captured);
    }

    private void one(Context ctx) {
        String id = walletId(ctx);
        String holdId = holdId(ctx);
        owners.onWallet(ctx, id, local -> {
            WalletState wallet = Owners.wallet(local, id, "id");
            Hold hold = StoreKeys.hold(id, holdId).flatMap(key -> local.get(WalletTopics.HOLDS, key))
                    .filter(h -> h.getId().equals(holdId))
                    .orElseThrow(() -> new ApiException(404, "hold " + holdId + " not found", "hold"));
            ctx.json(HoldView.of(hold, Funds.of(wallet.getBalance().getMinor(), wallet.getHeldMinor(), wallet.getBalance().getCurrency())));
        });
    }

    private void list(Context ctx) {
        String id = walletId(ctx);
        HoldStatus status = status(ctx.queryParam("status"));
        int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.integer(ctx, "limit", ResourceRoutes.DEFAULT_LIMIT, 1, ResourceRoutes.MAX_LIMIT);
        owners.onWallet(ctx, id, local -> {
            Owners.wallet(local, id, "id");
            List<HoldView> page = new ArrayList<>();
            int skipped = 0;
            // newest first: keys are walletId/seq
            try (KeyValueIterator<String, Hold> it = local.store(WalletTopics.HOLDS).reverseRange(StoreKeys.holdKey(id, 0),
                    StoreKeys.holdKey(id, 999_999_999_999L))) {
                while (it.hasNext() && page.size() < limit) {
                    Hold h = it.next().value;
                    if (status != null && h.getStatus() != status) continue;
                    if (skipped++ < offset) continue;
                    page.add(HoldView.of(h, null));
                }
            }
            ctx.json(page);
        });
    }

    private static HoldStatus status(String text) {
        if (text == null) return null;
        return switch (text) {
            case "held", "captured", "voided", "expired" -> HoldStatus.valueOf(text.toUpperCase(Locale.ROOT));
            default -> throw ApiException.badRequest("status", "status must be held, captured, voided or expired");
        };
    }

    /** An optional positive amount (number or decimal string), at most 8 decimals; the currency's decimals are the ledger's check. */
    private static java.util.Optional<BigDecimal> amount(JsonBody body) {
        return body.amount("amount").map(a -> {
            if (a.signum() <= 0) throw ApiException.badRequest("amount", "amount must be positive");
            if (a.compareTo(AmountLimit.MAX_MAJOR) > 0) throw ApiException.badRequest("amount", "amount must be at most " + AmountLimit.MAX_TEXT);
            if (a.stripTrailingZeros().scale() > 8) throw ApiException.badRequest("amount", "amount has too many decimals");
            return a;
        });
    }

    private static long expiresIn(JsonNode node) {
        if (node == null || node.isNull()) return DEFAULT_EXPIRES_IN_S;
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > MAX_EXPIRES_IN_S) {
            throw ApiException.badRequest("expires_in", "expires_in must be a whole number of seconds from 1 to " + MAX_EXPIRES_IN_S);
        }
        return node.asLong();
    }

    private static String fingerprint(JsonBody body) {
        return Params.fingerprint(body.text("fingerprint", 64)
                .orElseThrow(() -> ApiException.badRequest("fingerprint", "fingerprint is required")), "fingerprint");
    }

    private static Command.Builder command(String fingerprint) {
        return Command.newBuilder().setRequestId(UUID.randomUUID().toString()).setFingerprint(fingerprint);
    }

    private static String walletId(Context ctx) {
        return DepositForm.checkWalletId(ctx.pathParam("id"), "id");
    }

    private static String holdId(Context ctx) {
        return JsonBody.checkText(ctx.pathParam("hold"), "hold", 1, 64);
    }
}
