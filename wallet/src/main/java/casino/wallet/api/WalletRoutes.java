package casino.wallet.api;

import casino.common.http.ApiException;
import casino.wallet.ledger.Ledger;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The wallet's HTTP contract. {@code POST /deposit} sends a command and answers as of that deposit
 * once the ledger has applied it (read-your-writes), or 202 with a {@code Location} to poll when it
 * takes longer than the deposit wait. {@code GET /details/{id}} reads the owning instance's state,
 * optionally after waiting for a request ({@code ?wait_for=}). Registers the resource API and the
 * classic routes too (documented in {@code openapi.json} next to this class), and counts every
 * request but the probes as in flight for the graceful drain.
 */
public final class WalletRoutes {
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final String COUNTED = "wallet.in-flight";
    private static final Submitter.Fields DEPOSIT_FIELDS = new Submitter.Fields("WalletID", "Amount", "Fingerprint", null, "deposit");
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closing;
    private final CommandSender sender;
    private final OutcomeTracker tracker;
    private final WalletReader reader;
    private final String currency;
    private final Duration wait;
    private final Duration pollWait;
    private final Clock clock;

    private final CommandSender externalIds;
    private final FxPublisher fx;
    private final Submitter submitter;

    public WalletRoutes(CommandSender sender, CommandSender externalIds, OutcomeTracker tracker, WalletReader reader, String currency,
                        Duration wait, Duration pollWait, Clock clock, FxPublisher fx, Ledger ledger) {
        this.fx = fx;
        this.submitter = new Submitter(tracker, wait, new Replays(ledger, reader, tracker, sender));
        this.sender = sender;
        this.externalIds = externalIds;
        this.tracker = tracker;
        this.reader = reader;
        this.currency = currency;
        this.wait = wait;
        this.pollWait = pollWait;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.before(ctx -> {
            if (!isApiPath(ctx.path())) return;
            if (closing) throw ApiException.unavailable("the wallet is shutting down", 1);
            inFlight.incrementAndGet();
            ctx.attribute(COUNTED, Boolean.TRUE);
        });
        app.after(ctx -> {
            if (ctx.attribute(COUNTED) != null) inFlight.decrementAndGet();
        });
        app.post("/deposit", this::deposit);
        app.get("/details/{wallet_id}", this::details);
        Owners owners = new Owners(reader);
        new ResourceRoutes(sender, externalIds, submitter, owners, clock).register(app);
        new ClassicRoutes(sender, submitter, owners, clock).register(app);
        new HoldRoutes(sender, submitter, owners, clock).register(app);
        TransferRoutes transfers = new TransferRoutes(sender, submitter, tracker, owners, clock, wait);
        transfers.register(app);
        new SeedRoutes(sender, submitter, transfers, clock).register(app);
        new RateRoutes(reader, fx, clock, wait).register(app);
    }

    /** A request id as the wallet hands them out (the deposit's RequestID and Location): a UUID in canonical form. */
    private static boolean isRequestId(String text) {
        try {
            return UUID.fromString(text).toString().equals(text.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isApiPath(String path) {
        return !path.equals("/health") && !path.equals("/ready");
    }

    /** Requests being answered now (health and readiness probes excluded). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Graceful stop, step one: new requests get 503, requests in flight finish (bounded by timeout).
     * The HTTP server is closed after this.
     */
    public void drain(Duration timeout) {
        closing = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10); // poll the in-flight count until zero or the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deposit(Context ctx) throws Exception {
        DepositForm form = DepositForm.parse(ctx.body());
        String requestId = UUID.randomUUID().toString();
        Command command = form.command(requestId, currency, clock.millis());
        // the one submit path; not answered within the wait: 202 (Kafka has the command) with where to poll
        Optional<WalletEvent> event = submitter.send(sender, form.walletId(), command);
        if (event.isEmpty()) {
            pending(ctx, form.walletId(), requestId);
            return;
        }
        answer(ctx, event.get());
    }

    private void answer(Context ctx, WalletEvent event) {
        if (event.getReplay()) ctx.header(REPLAYED, "true");
        ctx.status(200).json(WalletView.of(Submitter.applied(event, DEPOSIT_FIELDS)));
    }

    private void pending(Context ctx, String walletId, String requestId) {
        String location = "/details/" + URLEncoder.encode(walletId, StandardCharsets.UTF_8)
                + "?wait_for=" + URLEncoder.encode(requestId, StandardCharsets.UTF_8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("RequestID", requestId);
        body.put("WalletID", walletId);
        body.put("Status", "pending");
        ctx.status(202).header("Location", location).json(body);
    }

    private void details(Context ctx) {
        String walletId = DepositForm.checkWalletId(ctx.pathParam("wallet_id"), "wallet_id");
        String waitFor = ctx.queryParam("wait_for");
        if (waitFor != null) {
            if (!isRequestId(waitFor)) throw ApiException.badRequest("wait_for", "wait_for must be a request id (a UUID)");
            Optional<WalletEvent> event = tracker.await(waitFor, pollWait);
            if (event.isEmpty()) {
                pending(ctx, walletId, waitFor);
                return;
            }
            if (!event.get().getWalletId().equals(walletId)) {
                throw ApiException.badRequest("wait_for", "request " + waitFor + " is not for wallet " + walletId);
            }
            if (event.get().getOutcome() != Outcome.APPLIED) answer(ctx, event.get());
        }
        boolean forwarded = ctx.header(WalletReader.FORWARDED) != null;
        switch (reader.read(WalletTopics.BALANCES, walletId,
                "/details/" + URLEncoder.encode(walletId, StandardCharsets.UTF_8), forwarded)) {
            case WalletReader.Local local -> ctx.json(WalletView.of(walletId, Owners.wallet(local, walletId, "wallet_id")));
            case WalletReader.Remote remote -> Owners.pass(ctx, remote);
        }
    }
}
