package casino.wallet.bench;

import casino.common.config.CommonSettings;
import casino.infra.TestInfra;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (not a test: it asserts nothing about speed). wrk, in its own process, drives the wallet's
 * {@code POST /deposit} (answered once the ledger has committed the deposit: read-your-writes) and
 * {@code GET /details}; then the classic design on the same HTTP stack and the same load, where each
 * deposit is one Postgres transaction, once with Postgres's default durable commit and once with
 * {@code synchronous_commit=off}. Between them, the floor: the same deposits through an {@link EmptyLedger}.
 * wrk, the wallet, the broker and Postgres share this machine's cores.
 * Settings: BENCH_SECONDS (15), BENCH_WARM_UP_SECONDS (60), BENCH_WALLETS (1000), BENCH_CONNECTIONS for writes (256),
 * BENCH_READ_CONNECTIONS (64), BENCH_POOL (Postgres connections of the baseline, 16), BENCH_PARTITIONS (6); WALLET_* variables
 * reach the wallet under test.
 */
@Tag("bench")
class WalletBench {
    static final int SECONDS = setting("BENCH_SECONDS", 15);
    /** Every section, the wallet's and the baseline's alike, first runs this long unmeasured (the JIT compiles its path). */
    static final int WARM_UP = setting("BENCH_WARM_UP_SECONDS", 60);
    static final int WALLETS = setting("BENCH_WALLETS", 1000);
    static final int CONNECTIONS = setting("BENCH_CONNECTIONS", 256);
    static final int READ_CONNECTIONS = setting("BENCH_READ_CONNECTIONS", 64);
    static final int POOL = setting("BENCH_POOL", 16);
    static final int PARTITIONS = setting("BENCH_PARTITIONS", 6);
    /** Seed 002's hey command: 50 connections. */
    static final int SEED_CONNECTIONS = 50;
    /**
     * Which parts run (all by default): health, deposit, deposit-16, deposit-50, details, transactions, transfers, xtransfers,
     * holds (place + capture, with the timer lateness p99), replays (seed 002's hey command against hey on /health), floor (the empty
     * ledger), classic, classic-50, classic-transfers, classic-holds.
     */
    static final java.util.Set<String> SECTIONS = java.util.Set.of(
            System.getenv().getOrDefault("BENCH_SECTIONS", "health,deposit,deposit-16,deposit-50,details,transactions,transfers,"
                    + "xtransfers,holds,replays,floor,floor-50,floor-transfers,classic,classic-50,classic-transfers,classic-holds").split(","));
    static final Map<String, String> WRK_ENV = Map.of("BENCH_WALLETS", Integer.toString(WALLETS));

    static int setting(String name, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(name, Integer.toString(fallback)));
    }

    @Test
    void depositsAndDetailsAgainstThePostgresBaseline(@TempDir Path dir, @TempDir Path floorDir) throws Exception {
        Wrk.requireInstalled();
        if (SECTIONS.contains("replays")) Hey.requireInstalled();
        Map<String, String> env = WalletFixture.env("bench", dir);
        tuning(env);
        Wrk.Result health;
        Wrk.Result deposits;
        Wrk.Result details;
        Wrk.Result transactions;
        Wrk.Result transfers;
        Wrk.Result xtransfers;
        Wrk.Result deposits16;
        Wrk.Result deposits50;
        Replays replays = null;
        Wrk.Result holds;
        double latenessP99 = Double.NaN;
        try (WalletService wallet = WalletService.start(WalletFixture.config(env))) {
            String base = "http://127.0.0.1:" + wallet.port();
            seed(base);
            if (SECTIONS.contains("xtransfers")) seedUsd(base);
            health = section("health", "wallet GET /health (HTTP stack, no work)", base, READ_CONNECTIONS);
            deposits = section("deposit", "wallet POST /deposit (read-your-writes)", base, CONNECTIONS);
            deposits16 = section("deposit-16", "deposit", "wallet POST /deposit, 16 connections", base, 16);
            deposits50 = section("deposit-50", "deposit", "wallet POST /deposit, 50 connections", base, SEED_CONNECTIONS);
            details = section("details", "wallet GET /details", base, READ_CONNECTIONS);
            transactions = section("transactions", "wallet POST /wallets/{id}/transactions", base, CONNECTIONS);
            transfers = section("transfers", "wallet POST /transfers, EUR to EUR (saga, both legs applied)", base, CONNECTIONS);
            xtransfers = section("xtransfers", "wallet POST /transfers, EUR to USD (converted)", base, CONNECTIONS);
            holds = section("holds", "wallet POST /wallets/{id}/holds + its capture (1 in 10 left to expire)", base, CONNECTIONS);
            if (holds != null) latenessP99 = latenessP99(base);
            if (SECTIONS.contains("replays")) replays = replays(base);
        }
        Wrk.Result floor = null;
        Wrk.Result floor50 = null;
        Wrk.Result floorTransfers = null;
        if (SECTIONS.contains("floor") || SECTIONS.contains("floor-50") || SECTIONS.contains("floor-transfers")) {
            Map<String, String> floorEnv = WalletFixture.env("floor", floorDir);
            tuning(floorEnv);
            try (EmptyLedger empty = new EmptyLedger(WalletFixture.config(floorEnv))) {
                String base = "http://127.0.0.1:" + empty.port();
                floor = section("floor", "deposit", "floor: empty ledger POST /deposit (no stores)", base, CONNECTIONS);
                floor50 = section("floor-50", "deposit", "floor: empty ledger POST /deposit, 50 connections", base, SEED_CONNECTIONS);
                floorTransfers = section("floor-transfers", "transfers", "floor: empty ledger POST /transfers (three steps)", base,
                        CONNECTIONS);
            }
        }
        Wrk.Result durable = null;
        Wrk.Result relaxed = null;
        Wrk.Result classicTransactions = null;
        Wrk.Result classic50 = null;
        if (SECTIONS.contains("classic-50")) {
            TestInfra.dataSource();
            classic50 = classic(true, "deposit", "deposit, 50 connections", SEED_CONNECTIONS);
        }
        if (SECTIONS.contains("classic")) {
            TestInfra.dataSource(); // starts the shared embedded Postgres
            durable = classic(true, "deposit", "deposit");
            relaxed = classic(false, "deposit", "deposit");
            classicTransactions = classic(true, "transactions", "POST /wallets/{id}/transactions");
        }
        Wrk.Result classicTransfers = null;
        if (SECTIONS.contains("classic-transfers")) {
            TestInfra.dataSource();
            classicTransfers = classic(true, "transfers", "transfer, two rows in one transaction");
        }

        Wrk.Result classicHolds = null;
        if (SECTIONS.contains("classic-holds")) {
            TestInfra.dataSource();
            classicHolds = classic(true, "holds", "hold + capture (row lock, two updates each)");
        }

        System.out.println();
        System.out.printf("=== wallet benchmark (%d cores, %d wallets, wrk -t2, load average %s) ===%n",
                Runtime.getRuntime().availableProcessors(), WALLETS, loadAverage());
        java.util.stream.Stream.of(health, deposits, deposits16, deposits50, details, transactions, transfers, xtransfers,
                        replays == null ? null : replays.health(), replays == null ? null : replays.addFunds(), floor, floor50, floorTransfers, durable, relaxed,
                        classic50, classicTransactions, classicTransfers, holds, classicHolds)
                .filter(java.util.Objects::nonNull).forEach(r -> System.out.println(r.line()));
        if (transactions != null && classicTransactions != null) {
            System.out.printf("transactions/s wallet vs classic Postgres (durable commit): %.2fx; p99 %.1f ms%n",
                    transactions.perSecond() / classicTransactions.perSecond(), transactions.p99Micros() / 1000.0);
        }
        if (classicTransfers != null) {
            for (Wrk.Result r : java.util.Arrays.asList(transfers, xtransfers)) {
                if (r == null) continue;
                System.out.printf("transfers/s %s vs classic Postgres transfer (durable commit): %.2fx; p50 %.1f ms vs %.1f ms, p99 %.1f ms vs %.1f ms%n",
                        r == transfers ? "same currency" : "cross-currency", r.perSecond() / classicTransfers.perSecond(),
                        r.p50Micros() / 1000.0, classicTransfers.p50Micros() / 1000.0, r.p99Micros() / 1000.0, classicTransfers.p99Micros() / 1000.0);
            }
        }
        if (holds != null) {
            System.out.printf("holds (place + capture) req/s wallet%s; p99 %.1f ms; timer lateness p99 %.2f s under that load%n",
                    classicHolds == null ? "" : String.format(" vs classic Postgres hold/capture (durable commit): %.2fx",
                            holds.perSecond() / classicHolds.perSecond()), holds.p99Micros() / 1000.0, latenessP99);
        }
        if (floorTransfers != null && classicTransfers != null) {
            System.out.printf("transfers/s empty ledger vs classic Postgres transfer (durable commit): %.2fx (the floor of the transfer goal)%n",
                    floorTransfers.perSecond() / classicTransfers.perSecond());
        }
        if (replays != null) {
            System.out.printf("seed 002 hey -c 50: add-funds replays vs GET /health of the same server: %.2fx (goal >= 0.5x); "
                            + "p50 %.1f ms vs %.1f ms, %d non-200%n", replays.addFunds().perSecond() / replays.health().perSecond(),
                    replays.addFunds().p50Micros() / 1000.0, replays.health().p50Micros() / 1000.0, replays.addFunds().non200());
        }
        if (deposits16 != null) {
            System.out.printf("deposit at 16 connections: p50 %.1f ms (goal < 20 ms), %.0f/s%n", deposits16.p50Micros() / 1000.0,
                    deposits16.perSecond());
        }
        if (deposits50 != null) {
            System.out.printf("deposit at 50 connections: p50 %.1f ms (goal < 10 ms)%s%n", deposits50.p50Micros() / 1000.0,
                    classic50 == null ? "" : String.format("; deposits/s vs classic Postgres at 50 connections (durable commit): "
                            + "%.2fx (goal >= 1x)", deposits50.perSecond() / classic50.perSecond()));
        }
        if (floor50 != null) {
            System.out.printf("floor at 50 connections: p50 %.1f ms%s%n", floor50.p50Micros() / 1000.0, classic50 == null ? ""
                    : String.format("; empty ledger vs classic Postgres at 50 connections (durable commit): %.2fx",
                            floor50.perSecond() / classic50.perSecond()));
        }
        if (deposits != null && floor != null) {
            System.out.printf("deposits/s wallet vs the empty ledger (the floor of this design here): %.2fx%n",
                    deposits.perSecond() / floor.perSecond());
        }
        if (deposits == null || durable == null) return;
        System.out.printf("deposits/s wallet vs classic Postgres: %.2fx durable commit, %.2fx synchronous_commit=off (goal >= 2x); "
                        + "deposit p99 %.1f ms (goal < 100 ms); server CPU %.0f µs per deposit%s%n",
                deposits.perSecond() / durable.perSecond(), deposits.perSecond() / relaxed.perSecond(),
                deposits.p99Micros() / 1000.0, deposits.cpuMicrosPerRequest(),
                details == null ? "" : String.format("; GET /details %.0f req/s (goal > 20000)", details.perSecond()));
    }

    /** The partitions, and the WALLET_* tuning variables (commit interval, stream threads) of this run. */
    private static void tuning(Map<String, String> env) {
        env.put(CommonSettings.TOPIC_PARTITIONS, Integer.toString(PARTITIONS));
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("WALLET_") && !k.equals("WALLET_PORT")) env.put(k, v);
        });
    }

    /** One section, when BENCH_SECTIONS names it: a warm-up, then the measured run of the same load. */
    private static Wrk.Result section(String request, String name, String base, int connections) throws Exception {
        return section(request, request, name, base, connections);
    }

    private static Wrk.Result section(String section, String request, String name, String base, int connections) throws Exception {
        if (!SECTIONS.contains(section)) return null;
        Wrk.run("warm-up", request, base, connections, WARM_UP, WRK_ENV);
        return Wrk.run(name, request, base, connections, SECONDS, WRK_ENV);
    }

    private static Wrk.Result classic(boolean durable, String request, String what) throws Exception {
        return classic(durable, request, what, CONNECTIONS);
    }

    private static Wrk.Result classic(boolean durable, String request, String what, int connections) throws Exception {
        try (ClassicWallet classic = new ClassicWallet(TestInfra.config(Map.of()), POOL, durable, WALLETS)) {
            String base = "http://127.0.0.1:" + classic.port();
            Wrk.run("warm-up", request, base, connections, WARM_UP, WRK_ENV);
            String name = "classic Postgres " + what + " (" + (durable ? "durable commit" : "synchronous_commit=off") + ")";
            return Wrk.run(name, request, base, connections, SECONDS, WRK_ENV);
        }
    }

    /** Seed 002's two hey runs on one server: add-funds replays and /health. */
    record Replays(Wrk.Result addFunds, Wrk.Result health) {}

    /**
     * Seed 002's command: wallet "andrei" exists, its first add-funds with reference wonbet-1 is applied, then hey -c 50 sends
     * the same request again and again (every one an idempotent replay); the same hey run on GET /health for comparison.
     */
    private static Replays replays(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int created = http.send(HttpRequest.newBuilder(URI.create(base + "/wallet/andrei")).POST(HttpRequest.BodyPublishers
                .ofString("{\"amount\": 0}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (created != 201) throw new IllegalStateException("creating wallet andrei answered " + created);
        String body = "{\"amount\": 10,\"reference\":\"wonbet-1\"}";
        if (WARM_UP > 0) Hey.run("warm-up", base + "/add-funds/andrei", body, SEED_CONNECTIONS, WARM_UP);
        Wrk.Result addFunds = Hey.run("hey POST /add-funds/andrei (seed 002: replays)", base + "/add-funds/andrei", body,
                SEED_CONNECTIONS, SECONDS);
        if (WARM_UP > 0) Hey.run("warm-up", base + "/health", null, SEED_CONNECTIONS, WARM_UP);
        Wrk.Result health = Hey.run("hey GET /health (same server)", base + "/health", null, SEED_CONNECTIONS, SECONDS);
        return new Replays(addFunds, health);
    }

    /** Every wallet exists with 1000.00 before measuring, so GET /details never answers 404 and no debit is refused. */
    static void seed(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService seeders = Executors.newFixedThreadPool(32);
        List<Future<Integer>> seeded = new ArrayList<>();
        for (int w = 0; w < WALLETS; w++) {
            String body = "{\"WalletID\": \"bench-" + w + "\", \"Amount\": 1000}";
            seeded.add(seeders.submit(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/deposit"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        for (Future<Integer> f : seeded) {
            if (f.get() != 200) throw new IllegalStateException("seeding a wallet answered " + f.get());
        }
        seeders.shutdown();
    }

    /** 1,000 USD wallets benchu-<n> (the targets of the cross-currency transfers) and a USD rate. */
    private static void seedUsd(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int rates = http.send(HttpRequest.newBuilder(URI.create(base + "/update_currencies")).POST(HttpRequest.BodyPublishers
                .ofString("{\"Rates\": {\"EUR\": 1.25, \"USD\": 1}}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (rates != 200) throw new IllegalStateException("setting the rates answered " + rates);
        ExecutorService seeders = Executors.newFixedThreadPool(32);
        List<Future<Integer>> seeded = new ArrayList<>();
        for (int w = 0; w < WALLETS; w++) {
            String body = "{\"id\": \"benchu-" + w + "\", \"currency\": \"USD\"}";
            seeded.add(seeders.submit(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/wallets"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
        }
        for (Future<Integer> f : seeded) {
            if (f.get() != 201) throw new IllegalStateException("seeding a USD wallet answered " + f.get());
        }
        seeders.shutdown();
    }

    /** The p99 of wallet_timer_lateness_seconds from the wallet's /metrics (its histogram's buckets), NaN when none fired. */
    static double latenessP99(String base) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("wallet_timer_lateness_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)")
                .matcher(metrics);
        while (m.find()) buckets.put(m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        if (buckets.isEmpty() || buckets.lastEntry().getValue() == 0) return Double.NaN;
        double target = 0.99 * buckets.lastEntry().getValue();
        return buckets.entrySet().stream().filter(e -> e.getValue() >= target).findFirst().orElseThrow().getKey();
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
