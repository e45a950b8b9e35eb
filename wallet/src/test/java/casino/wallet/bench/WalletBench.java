package casino.wallet.bench;

import casino.common.config.CommonSettings;
import casino.common.db.Database;
import casino.infra.TestInfra;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark (not a test: it asserts nothing about speed). Concurrent clients doing POST /deposit
 * with read-your-writes and GET /details, next to the classic design measured in the same run:
 * each deposit one Postgres transaction (INSERT of a unique fingerprint + UPDATE ... RETURNING).
 * Clients, server, broker and Postgres share this machine's cores. Settings: BENCH_CLIENTS (32),
 * BENCH_SECONDS (15), BENCH_WALLETS (1000); WALLET_* variables reach the wallet under test.
 */
@Tag("bench")
class WalletBench {
    static final int CLIENTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENTS", "32"));
    static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "15"));
    static final int WALLETS = Integer.parseInt(System.getenv().getOrDefault("BENCH_WALLETS", "1000"));

    record Result(String name, long requests, long errors, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return requests / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) return 0;
            return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1)];
        }

        String line() {
            return String.format("%-40s %9.0f req/s  p50 %7.1f ms  p99 %7.1f ms  (%d requests, %d errors, %d clients, %.0f s)",
                    name, perSecond(), percentile(0.50) / 1000.0, percentile(0.99) / 1000.0, requests, errors, CLIENTS, seconds);
        }
    }

    interface Call {
        boolean run(int client, long i) throws Exception;
    }

    static Result measure(String name, Duration duration, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            futures.add(pool.submit((Callable<long[]>) () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                for (long i = 0; System.nanoTime() < end; i++) {
                    long t = System.nanoTime();
                    boolean ok = call.run(client, i);
                    if (!ok) errors.incrementAndGet();
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = (System.nanoTime() - t) / 1000;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : futures) all.add(f.get());
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(name, merged.length, errors.get(), seconds, merged);
    }

    @Test
    void depositsAndDetailsAgainstAPostgresBaseline(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, String> env = WalletFixture.env("bench", dir);
        env.put(CommonSettings.TOPIC_PARTITIONS, "6");
        // WALLET_* tuning variables (commit interval, stream threads) pass through to the wallet under test
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("WALLET_") && !k.equals("WALLET_PORT")) env.put(k, v);
        });
        List<Result> results = new ArrayList<>();
        try (WalletService wallet = WalletService.start(WalletFixture.config(env))) {
            String base = "http://localhost:" + wallet.port();
            Call deposit = (client, i) -> {
                String body = "{\"WalletID\": \"bench-" + ((client * 7919 + i) % WALLETS) + "\", \"Amount\": 1.25, \"Fingerprint\": \"b-"
                        + client + "-" + i + "-" + System.nanoTime() + "\"}";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/deposit"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            };
            Call details = (client, i) -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/details/bench-" + ((client * 31 + i) % WALLETS)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200;
            };
            // every wallet exists before measuring, so GET /details never answers 404
            ExecutorService seeders = Executors.newFixedThreadPool(CLIENTS);
            List<Future<Boolean>> seeded = new ArrayList<>();
            for (int w = 0; w < WALLETS; w++) {
                String body = "{\"WalletID\": \"bench-" + w + "\", \"Amount\": 1}";
                seeded.add(seeders.submit(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/deposit"))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200));
            }
            for (Future<Boolean> f : seeded) {
                if (!f.get()) throw new IllegalStateException("seeding a wallet failed");
            }
            seeders.shutdown();
            measure("warm-up", Duration.ofSeconds(5), deposit);
            results.add(measure("wallet POST /deposit (read-your-writes)", Duration.ofSeconds(SECONDS), deposit));
            measure("warm-up", Duration.ofSeconds(2), details);
            results.add(measure("wallet GET /details", Duration.ofSeconds(SECONDS), details));
        }
        Map<String, String> dbEnv = new HashMap<>();
        TestInfra.dataSource();
        dbEnv.put(CommonSettings.DATABASE_POOL_SIZE, Integer.toString(CLIENTS));
        try (HikariDataSource db = Database.pool(TestInfra.config(dbEnv), "bench")) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_wallet (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0))");
                s.execute("CREATE TABLE IF NOT EXISTS bench_deposit (wallet_id text NOT NULL, fingerprint text NOT NULL, amount bigint NOT NULL, "
                        + "PRIMARY KEY (wallet_id, fingerprint))");
                s.execute("TRUNCATE bench_wallet, bench_deposit");
                s.execute("INSERT INTO bench_wallet SELECT 'bench-' || g, 0 FROM generate_series(0, " + (WALLETS - 1) + ") g");
            }
            Call pgDeposit = (client, i) -> {
                String wallet = "bench-" + ((client * 7919 + i) % WALLETS);
                try (Connection c = db.getConnection()) {
                    c.setAutoCommit(false);
                    try (PreparedStatement ins = c.prepareStatement(
                            "INSERT INTO bench_deposit (wallet_id, fingerprint, amount) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                         PreparedStatement upd = c.prepareStatement(
                                 "UPDATE bench_wallet SET balance = balance + ? WHERE id = ? RETURNING balance")) {
                        ins.setString(1, wallet);
                        ins.setString(2, "b-" + client + "-" + i + "-" + System.nanoTime());
                        ins.setLong(3, 125);
                        if (ins.executeUpdate() == 1) {
                            upd.setLong(1, 125);
                            upd.setString(2, wallet);
                            try (ResultSet rs = upd.executeQuery()) {
                                rs.next();
                            }
                        }
                        c.commit();
                        return true;
                    } catch (Exception e) {
                        c.rollback();
                        return false;
                    }
                }
            };
            measure("warm-up", Duration.ofSeconds(3), pgDeposit);
            results.add(measure("baseline Postgres deposit transaction", Duration.ofSeconds(SECONDS), pgDeposit));
        }
        System.out.println();
        System.out.println("=== wallet benchmark (" + Runtime.getRuntime().availableProcessors() + " cores, "
                + CLIENTS + " concurrent clients, " + WALLETS + " wallets) ===");
        results.forEach(r -> System.out.println(r.line()));
        double ratio = results.get(0).perSecond() / results.get(2).perSecond();
        System.out.printf("deposits/s wallet vs Postgres baseline: %.2fx (goal >= 3x); deposit p99 %.1f ms (goal < 250 ms); "
                + "GET /details %.0f req/s (goal > 20000)%n", ratio, results.get(0).percentile(0.99) / 1000.0, results.get(1).perSecond());
    }
}
