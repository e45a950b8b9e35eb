package casino.wallet.api;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.wallet.topics.WalletTopics;
import casino.wallet.history.HistoryQuery;
import casino.wallet.ledger.Fingerprint;
import casino.wallet.ledger.StoreKeys;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.ExternalIdClaim;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.VoidTransaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The wallet resource API: wallets with metadata and a unique external id, signed transactions with
 * idempotency keys, history newest first, and voids. Every write is a command answered once the
 * ledger applied it (read-your-writes); every read is served by the instance owning the key.
 */
public final class ResourceRoutes {
    public static final BigDecimal MIN_ABS_AMOUNT = BigDecimal.ONE;
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    public static final Duration DEFAULT_HISTORY = Duration.ofDays(30);
    private static final Instant END_OF_TIME = Instant.ofEpochMilli(999_999_999_999_999L);
    private static final Set<String> CREATE_FIELDS = Set.of("id", "externalId", "currency", "labels", "name", "country", "city");
    private static final Set<String> TX_FIELDS = Set.of("amount", "fingerprint", "description", "labels", "currency");
    private static final Submitter.Fields FIELDS = new Submitter.Fields("id", "amount", "fingerprint", "txid");
    /** A void's fingerprint is derived from the entry it reverses: a conflict under it names txid. */
    private static final Submitter.Fields VOID_FIELDS = new Submitter.Fields("id", "amount", "txid", "txid");
    private final CommandSender commands;
    private final CommandSender externalIds;
    private final Submitter submitter;
    private final Owners owners;
    private final Clock clock;

    ResourceRoutes(CommandSender commands, CommandSender externalIds, Submitter submitter, Owners owners, Clock clock) {
        this.commands = commands;
        this.externalIds = externalIds;
        this.submitter = submitter;
        this.owners = owners;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.post("/wallets", this::create);
        app.get("/wallets", this::findByExternalId);
        app.get("/wallets/{id}", this::wallet);
        app.get("/wallets/{id}/balance", this::balance);
        app.post("/wallets/{id}/transactions", this::post);
        app.get("/wallets/{id}/transactions", this::history);
        app.get("/wallets/{id}/transactions/latest", this::latest);
        app.post("/wallets/{id}/transactions/{txid}/void", this::voidTransaction);
    }

    private void create(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), CREATE_FIELDS, false);
        Optional<String> given = body.text("id", 64).map(v -> DepositForm.checkWalletId(v, "id"));
        String id = given.orElseGet(() -> UUID.randomUUID().toString());
        String externalId = body.text("externalId", 64).orElse("");
        String currency = Params.currency(body).orElse("EUR");
        Map<String, String> labels = body.labels("labels");
        CreateWallet.Builder profile = CreateWallet.newBuilder().setName(body.optionalText("name", 64).orElse(""))
                .setCountry(body.optionalText("country", 64).orElse("")).setCity(body.optionalText("city", 64).orElse(""));
        String requestId = UUID.randomUUID().toString();
        Command command = Command.newBuilder().setRequestId(requestId).setFingerprint("create:" + requestId)
                .setCreateWallet(profile.setWalletId(id).setIdGiven(given.isPresent()).setExternalId(externalId).setCurrency(currency)
                        .putAllLabels(labels).setCreatedAtMs(clock.millis()))
                .build();
        // with an external id, the claim is decided first on the external id's partition, then the create on the wallet's
        WalletEvent event = externalId.isEmpty() ? submitter.submit(commands, id, command)
                : submitter.submit(externalIds, externalId, command);
        if (replayed(ctx, event, externalId)) return;
        Submitter.applied(event, FIELDS);
        ctx.status(201).json(Views.WalletResource.of(event.getWallet(), event.getBalance()));
    }

    /**
     * A create refused because it is the create that claimed its external id, again (a client retrying
     * after a timeout): 200 with that wallet and {@code Idempotent-Replayed: true}. While that first
     * create is still being applied, 503 (retry); if the wallet does not carry the external id (its
     * create failed), the refusal stands.
     */
    private boolean replayed(Context ctx, WalletEvent refused, String externalId) {
        if (refused.getCode() != RejectionCode.EXTERNAL_ID_TAKEN || !refused.getReplay()) return false;
        String owner = refused.getWallet().getId();
        switch (owners.reader().read(WalletTopics.BALANCES, owner, "/wallets/" + owner, false)) {
            case WalletReader.Local local -> {
                WalletState state = local.get(WalletTopics.BALANCES, owner).orElseThrow(() -> stillCreating(externalId));
                if (!state.getInfo().getExternalId().equals(externalId)) return false;
                ctx.header(WalletRoutes.REPLAYED, "true").status(200).json(Views.WalletResource.of(state));
            }
            case WalletReader.Remote remote -> {
                if (remote.status() == 404) throw stillCreating(externalId);
                if (remote.status() != 200) {
                    Owners.pass(ctx, remote);
                    return true;
                }
                if (!externalId.equals(externalIdOf(remote.body()))) return false;
                ctx.header(WalletRoutes.REPLAYED, "true");
                Owners.pass(ctx, remote);
            }
        }
        return true;
    }

    private static ApiException stillCreating(String externalId) {
        return ApiException.unavailable("the wallet of externalId " + externalId + " is still being created: retry", 1);
    }

    private void findByExternalId(Context ctx) {
        String externalId = ctx.queryParam("externalId");
        if (externalId == null) throw ApiException.badRequest("externalId", "query parameter externalId is required");
        JsonBody.checkText(externalId, "externalId", 1, 64);
        owners.on(ctx, WalletTopics.EXTERNAL_IDS, externalId, claims -> {
            String walletId = claims.get(WalletTopics.EXTERNAL_IDS, externalId).map(ExternalIdClaim::getWalletId)
                    .orElseThrow(() -> notFoundExternal(externalId));
            // the wallet may live on another instance: one more hop, to its owner
            switch (owners.reader().read(WalletTopics.BALANCES, walletId, "/wallets/" + walletId, false)) {
                case WalletReader.Local local -> {
                    WalletState state = local.get(WalletTopics.BALANCES, walletId).orElseThrow(() -> notFoundExternal(externalId));
                    if (!state.getInfo().getExternalId().equals(externalId)) throw notFoundExternal(externalId);
                    ctx.json(Views.WalletResource.of(state));
                }
                case WalletReader.Remote remote -> {
                    if (remote.status() == 200 && !externalId.equals(externalIdOf(remote.body()))) {
                        throw notFoundExternal(externalId); // a claim whose create failed, being released
                    }
                    Owners.pass(ctx, remote);
                }
            }
        });
    }

    private static String externalIdOf(String walletJson) {
        try {
            return Json.MAPPER.readTree(walletJson).path("externalId").asText();
        } catch (IOException e) {
            throw WalletReader.unavailable("the owner of the wallet answered " + e.getMessage());
        }
    }

    private static ApiException notFoundExternal(String externalId) {
        return new ApiException(404, "no wallet with externalId " + externalId, "externalId");
    }

    private void wallet(Context ctx) {
        String id = walletId(ctx);
        owners.onWallet(ctx, id, local -> ctx.json(Views.WalletResource.withFunds(Owners.wallet(local, id, "id"))));
    }

    private void balance(Context ctx) {
        String id = walletId(ctx);
        owners.onWallet(ctx, id, local -> {
            WalletState state = Owners.wallet(local, id, "id");
            ctx.contentType("application/json").result(Views.major(state.getBalance().getMinor(), state.getBalance().getCurrency()).toPlainString());
        });
    }

    private void post(Context ctx) throws IOException {
        String id = walletId(ctx);
        JsonBody body = JsonBody.parse(ctx.body(), TX_FIELDS, false);
        BigDecimal amount = Params.checkedAmount(body, "amount", false);
        Optional<String> currency = Params.currency(body);
        String fingerprint = Params.fingerprint(body.text("fingerprint", 64)
                .orElseThrow(() -> ApiException.badRequest("fingerprint", "fingerprint is required")), "fingerprint");
        String description = body.optionalText("description", 100).orElse("");
        Map<String, String> labels = body.labels("labels");
        Command command = Command.newBuilder().setRequestId(UUID.randomUUID().toString()).setFingerprint(fingerprint)
                .setPostTransaction(PostTransaction.newBuilder().setWalletId(id).setAmount(amount.toPlainString())
                        .setDescription(description).putAllLabels(labels).setCreatedAtMs(clock.millis())
                        .setKind(EntryKind.TRANSACTION).setCurrency(currency.orElse("")))
                .build();
        answerEntry(ctx, submitter.submit(commands, id, command), FIELDS);
    }

    private void voidTransaction(Context ctx) throws IOException {
        String id = walletId(ctx);
        String txid = Params.transactionId(ctx.pathParam("txid"));
        JsonBody.parse(ctx.body(), Set.of(), true);
        Command command = Command.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setFingerprint(Fingerprint.ofVoid(txid).value())
                .setVoidTransaction(VoidTransaction.newBuilder().setWalletId(id).setTransactionId(txid).setCreatedAtMs(clock.millis()))
                .build();
        answerEntry(ctx, submitter.submit(commands, id, command), VOID_FIELDS);
    }

    /** 201 with the new entry, or 200 + Idempotent-Replayed with the original one. */
    private static void answerEntry(Context ctx, WalletEvent event, Submitter.Fields fields) {
        Submitter.applied(event, fields);
        if (event.getReplay()) ctx.header(WalletRoutes.REPLAYED, "true");
        Transaction entry = event.getTransactions(event.getTransactionsCount() - 1);
        ctx.status(event.getReplay() ? 200 : 201).json(Views.TransactionView.of(entry));
    }

    private void history(Context ctx) {
        String id = walletId(ctx);
        String fingerprint = ctx.queryParam("fingerprint");
        if (fingerprint != null) {
            JsonBody.checkText(fingerprint, "fingerprint", 1, 64);
            owners.onWallet(ctx, id, local -> {
                Owners.wallet(local, id, "id");
                FingerprintRecord record = local.get(WalletTopics.FINGERPRINTS, StoreKeys.fingerprint(id, fingerprint)).orElse(null);
                List<Transaction> entries = record == null || record.getOutcome().getOutcome() != Outcome.APPLIED ? List.of()
                        : record.getOutcome().getTransactionsList();
                ctx.json(entries.stream().map(Views.TransactionView::of).toList());
            });
            return;
        }
        Instant now = clock.instant();
        Instant from = Params.instant(ctx, "from", now.minus(DEFAULT_HISTORY));
        Instant to = Params.instant(ctx, "to", END_OF_TIME);
        if (from.isAfter(to)) throw ApiException.badRequest("from", "from must not be after to");
        int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = Params.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        owners.onWallet(ctx, id, local -> {
            Owners.wallet(local, id, "id");
            List<Transaction> page = HistoryQuery.page(local.store(WalletTopics.TRANSACTIONS), id, from, to, offset, limit);
            ctx.json(page.stream().map(Views.TransactionView::of).toList());
        });
    }

    private void latest(Context ctx) {
        String id = walletId(ctx);
        owners.onWallet(ctx, id, local -> {
            Owners.wallet(local, id, "id");
            Transaction latest = HistoryQuery.latest(local.store(WalletTopics.TRANSACTIONS), id)
                    .orElseThrow(() -> new ApiException(404, "wallet " + id + " has no transactions", "id"));
            ctx.json(Views.TransactionView.of(latest));
        });
    }

    private static String walletId(Context ctx) {
        return DepositForm.checkWalletId(ctx.pathParam("id"), "id");
    }
}
