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
    /** Which parts run: health, deposit, details, transactions, floor (the empty ledger), classic (all by default). */
    static final java.util.Set<String> SECTIONS = java.util.Set.of(
            System.getenv().getOrDefault("BENCH_SECTIONS",
                    "health,deposit,details,transactions,transfers,xtransfers,floor,classic,classic-transfers").split(","));
    static final Map<String, String> WRK_ENV = Map.of("BENCH_WALLETS", Integer.toString(WALLETS));

    static int setting(String name, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(name, Integer.toString(fallback)));
    }

    @Test
    void depositsAndDetailsAgainstThePostgresBaseline(@TempDir Path dir, @TempDir Path floorDir) throws Exception {
        Wrk.requireInstalled();
        Map<String, String> env = WalletFixture.env("bench", dir);
        tuning(env);
        Wrk.Result health;
        Wrk.Result deposits;
        Wrk.Result details;
        Wrk.Result transactions;
        Wrk.Result transfers;
        Wrk.Result xtransfers;
        try (WalletService wallet = WalletService.start(WalletFixture.config(env))) {
            String base = "http://127.0.0.1:" + wallet.port();
            seed(base);
            if (SECTIONS.contains("xtransfers")) seedUsd(base);
            health = section("health", "wallet GET /health (HTTP stack, no work)", base, READ_CONNECTIONS);
            deposits = section("deposit", "wallet POST /deposit (read-your-writes)", base, CONNECTIONS);
            details = section("details", "wallet GET /details", base, READ_CONNECTIONS);
            transactions = section("transactions", "wallet POST /wallets/{id}/transactions", base, CONNECTIONS);
            transfers = section("transfers", "wallet POST /transfers, EUR to EUR (saga, both legs applied)", base, CONNECTIONS);
            xtransfers = section("xtransfers", "wallet POST /transfers, EUR to USD (converted)", base, CONNECTIONS);
        }
        Wrk.Result floor = null;
        if (SECTIONS.contains("floor")) {
            Map<String, String> floorEnv = WalletFixture.env("floor", floorDir);
            tuning(floorEnv);
            try (EmptyLedger empty = new EmptyLedger(WalletFixture.config(floorEnv))) {
                String base = "http://127.0.0.1:" + empty.port();
                Wrk.run("warm-up", "deposit", base, CONNECTIONS, WARM_UP, WRK_ENV);
                floor = Wrk.run("floor: empty ledger POST /deposit (no stores)", "deposit", base, CONNECTIONS, SECONDS, WRK_ENV);
            }
        }
        Wrk.Result durable = null;
        Wrk.Result relaxed = null;
        Wrk.Result classicTransactions = null;
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

        System.out.println();
        System.out.printf("=== wallet benchmark (%d cores, %d wallets, wrk -t2, load average %s) ===%n",
                Runtime.getRuntime().availableProcessors(), WALLETS, loadAverage());
        java.util.stream.Stream.of(health, deposits, details, transactions, transfers, xtransfers, floor, durable, relaxed,
                        classicTransactions, classicTransfers)
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
        if (deposits != null && floor != null) {
            System.out.printf("deposits/s wallet vs the empty ledger (the floor of this design here): %.2fx%n",
                    deposits.perSecond() / floor.perSecond());
        }
        if (deposits == null || details == null || durable == null) return;
        System.out.printf("deposits/s wallet vs classic Postgres: %.2fx durable commit, %.2fx synchronous_commit=off (goal >= 3x); "
                        + "deposit p99 %.1f ms (goal < 250 ms); GET /details %.0f req/s (goal > 20000)%n",
                deposits.perSecond() / durable.perSecond(), deposits.perSecond() / relaxed.perSecond(),
                deposits.p99Micros() / 1000.0, details.perSecond());
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
        if (!SECTIONS.contains(request)) return null;
        Wrk.run("warm-up", request, base, connections, WARM_UP, WRK_ENV);
        return Wrk.run(name, request, base, connections, SECONDS, WRK_ENV);
    }

    private static Wrk.Result classic(boolean durable, String request, String what) throws Exception {
        try (ClassicWallet classic = new ClassicWallet(TestInfra.config(Map.of()), POOL, durable, WALLETS)) {
            String base = "http://127.0.0.1:" + classic.port();
            Wrk.run("warm-up", request, base, CONNECTIONS, WARM_UP, WRK_ENV);
            String name = "classic Postgres " + what + " (" + (durable ? "durable commit" : "synchronous_commit=off") + ")";
            return Wrk.run(name, request, base, CONNECTIONS, SECONDS, WRK_ENV);
        }
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

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
