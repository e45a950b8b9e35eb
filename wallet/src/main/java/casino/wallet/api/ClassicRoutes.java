package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The classic wallet routes, thin adapters over the same ledger with amounts in cents (minor
 * units): create with an opening balance, read the balance, add and remove funds with a reference
 * that is the idempotency key (unique per wallet).
 */
final class ClassicRoutes {
    private static final long MAX_CENTS = AmountLimit.maxMinor(2);
    private static final Submitter.Fields FIELDS = new Submitter.Fields("user", "amount", "reference", "reference");
    private final CommandSender commands;
    private final Submitter submitter;
    private final Owners owners;
    private final Clock clock;

    ClassicRoutes(CommandSender commands, Submitter submitter, Owners owners, Clock clock) {
        this.commands = commands;
        this.submitter = submitter;
        this.owners = owners;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/wallet/{user}", this::create);
        app.get("/wallet/{user}", this::balance);
        app.post("/add-funds/{user}", ctx -> funds(ctx, EntryKind.ADD_FUNDS));
        app.post("/remove-funds/{user}", ctx -> funds(ctx, EntryKind.REMOVE_FUNDS));
    }

    private void create(Context ctx) throws IOException {
        String user = user(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("amount"), true);
        long cents = cents(body, false);
        String requestId = UUID.randomUUID().toString();
        Command command = Command.newBuilder().setRequestId(requestId).setFingerprint("create:" + requestId)
                .setCreateWallet(CreateWallet.newBuilder().setWalletId(user).setCurrency("EUR").setInitialMinor(cents)
                        .setCreatedAtMs(clock.millis()))
                .build();
        WalletEvent event = Submitter.applied(submitter.submit(commands, user, command), FIELDS);
        ctx.status(201).json(answer(user, event.getBalance().getMinor()));
    }

    private void balance(Context ctx) {
        String user = user(ctx);
        owners.onWallet(ctx, user, local -> {
            WalletState state = Owners.wallet(local, user, "user");
            ctx.json(Map.of("balance", state.getBalance().getMinor()));
        });
    }

    private void funds(Context ctx, EntryKind kind) throws IOException {
        String user = user(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("amount", "reference"), false);
        long cents = cents(body, true);
        String reference = Params.fingerprint(body.text("reference", 64)
                .orElseThrow(() -> ApiException.badRequest("reference", "reference is required")), "reference");
        Command command = Command.newBuilder().setRequestId(UUID.randomUUID().toString()).setFingerprint(reference)
                .setPostTransaction(PostTransaction.newBuilder().setWalletId(user)
                        .setAmountMinor(kind == EntryKind.ADD_FUNDS ? cents : -cents)
                        .setDescription(kind == EntryKind.ADD_FUNDS ? "add funds" : "remove funds")
                        .setCreatedAtMs(clock.millis()).setKind(kind))
                .build();
        WalletEvent event = Submitter.applied(submitter.submit(commands, user, command), FIELDS);
        if (event.getReplay()) ctx.header(WalletRoutes.REPLAYED, "true");
        ctx.status(200).json(answer(user, event.getBalance().getMinor()));
    }

    private static Map<String, Object> answer(String user, long balance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", user);
        body.put("balance", balance);
        return body;
    }

    private static String user(Context ctx) {
        return DepositForm.checkWalletId(ctx.pathParam("user"), "user");
    }

    /** A whole number of cents: positive when {@code required}, else optional and at least 0. */
    private static long cents(JsonBody body, boolean required) {
        var amount = body.number("amount");
        if (amount.isEmpty()) {
            if (required) throw ApiException.badRequest("amount", "amount is required");
            return 0;
        }
        BigDecimal value = amount.get();
        if (value.stripTrailingZeros().scale() > 0) throw ApiException.badRequest("amount", "amount must be a whole number of cents");
        if (required ? value.signum() <= 0 : value.signum() < 0) {
            throw ApiException.badRequest("amount", required ? "amount must be positive" : "amount must not be negative");
        }
        if (value.compareTo(BigDecimal.valueOf(MAX_CENTS)) > 0) throw ApiException.badRequest("amount", "amount must be at most " + MAX_CENTS);
        return value.longValueExact();
    }
}
