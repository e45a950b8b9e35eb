package casino.reporting.bench;

import casino.common.config.Config;
import casino.common.db.Database;
import casino.infra.TestInfra;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingProcess;
import casino.reporting.ReportingSettings;
import casino.reporting.WalletEvents;
import casino.reporting.mirror.BadEventException;
import casino.reporting.mirror.Change;
import casino.reporting.mirror.EventMapper;
import casino.reporting.mirror.MirrorStore;
import com.zaxxer.hikari.HikariDataSource;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not assertions. (1) Mirror throughput: a backlog of ledger events (outcome,
 * TransactionCreated, BalanceChanged per entry) drained into Postgres by the service in its own JVM,
 * entries/s; baseline in the same run: the same entry rows inserted by bare JDBC batches (same
 * statement, same batch size, one transaction per batch) into a copy of the table. (2) CSV export of
 * one wallet with 1,000,000 entries through {@code GET /operations/file}: rows/s and the service's
 * resident memory (sampled VmRSS and the kernel's peak VmHWM) with a 256 MB heap.
 */
@Tag("bench")
class ReportingBench {
    private static final int ENTRIES = Integer.getInteger("bench.entries", 200_000);
    private static final int CSV_ROWS = Integer.getInteger("bench.csvRows", 1_000_000);
    private static final int BATCH = 2_000;

    @Test
    void mirrorThroughputAndCsvExport(@TempDir Path dir) throws Exception {
        String topic = Fixture.newTopic();
        Path log = dir.resolve("reporting.log");
        List<Change.NewEntry> rows = produceBacklog(topic, ENTRIES);
        double baseline = bareJdbcRate(rows);
        System.out.printf("%nbaseline: bare JDBC batch insert of the same %,d entries: %,.0f entries/s%n", rows.size(), baseline);

        Map<String, String> env = Fixture.settings(topic, Map.of(
                // 3 records per entry (outcome, TransactionCreated, BalanceChanged): BATCH entries per transaction, as the baseline
                ReportingSettings.REPORTING_BATCH_RECORDS, Integer.toString(3 * BATCH)));
        List<String> wallets = rows.stream().map(Change.NewEntry::walletId).distinct().toList();
        try (ReportingProcess service = ReportingProcess.start(env, log, "-Xmx256m")) {
            long readyAt = System.nanoTime();
            long atReady = Fixture.entries(wallets).count();
            Fixture.awaitEntries(wallets, ENTRIES, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - readyAt) / 1e9;
            System.out.printf("mirror: %,d entries (%,d records) into Postgres in %.1f s: %,.0f entries/s (%.0f %% of bare JDBC)%n",
                    ENTRIES - atReady, (ENTRIES - atReady) * 3, seconds, (ENTRIES - atReady) / seconds,
                    100 * (ENTRIES - atReady) / seconds / baseline);

            String wallet = "csv-" + UUID.randomUUID();
            long seeded = System.nanoTime();
            seedWallet(wallet, CSV_ROWS);
            System.out.printf("seeded %,d entries of %s in %.1f s (SQL)%n", CSV_ROWS, wallet, (System.nanoTime() - seeded) / 1e9);
            export(service, wallet);
        }
    }

    private static List<Change.NewEntry> produceBacklog(String topic, int entries) throws BadEventException {
        WalletEvents events = new WalletEvents();
        List<String> wallets = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) wallets.add("bench-" + UUID.randomUUID());
        List<Change.NewEntry> rows = new ArrayList<>(entries);
        Random random = new Random(7);
        long start = System.nanoTime();
        try (EventProducer producer = new EventProducer(topic)) {
            List<WalletEvents.Event> tx = new ArrayList<>();
            for (String w : wallets) tx.addAll(events.create(w, "EUR", Map.of("bench", "yes"), System.currentTimeMillis()));
            producer.send(tx);
            for (int i = 0; i < entries; i += 100) {
                tx = new ArrayList<>();
                for (int j = 0; j < 100 && i + j < entries; j++) {
                    List<WalletEvents.Event> entry = events.entry(wallets.get(random.nextInt(wallets.size())), "casino_bet",
                            random.nextInt(10_000) - 5_000, Map.of("game", "roulette"), System.currentTimeMillis());
                    rows.add((Change.NewEntry) EventMapper.map(entry.get(1).value()).orElseThrow()); // the TransactionCreated
                    tx.addAll(entry);
                }
                producer.send(tx);
            }
        }
        System.out.printf("%nproduced %,d entries (%,d records with outcomes) in %.1f s%n", entries, entries * 3 + 2_000,
                (System.nanoTime() - start) / 1e9);
        return rows;
    }

    /** The same rows through the same INSERT, batches of {@link #BATCH}, one transaction each, into a copy of the table. */
    private static double bareJdbcRate(List<Change.NewEntry> rows) throws SQLException {
        TestInfra.database();
        Map<String, String> settings = new java.util.HashMap<>(TestInfra.database().settings());
        settings.put("DATABASE_URL", settings.get("DATABASE_URL") + "?reWriteBatchedInserts=true");
        try (HikariDataSource pool = Database.pool(Config.of(settings), "bench")) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_entries");
                s.execute("CREATE TABLE bench_entries (LIKE reporting_entries INCLUDING ALL)");
            }
            long start = System.nanoTime();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < rows.size(); i += BATCH) {
                    MirrorStore.insertEntries(c, rows.subList(i, Math.min(rows.size(), i + BATCH)), "bench_entries");
                    c.commit();
                }
            }
            double rate = rows.size() / ((System.nanoTime() - start) / 1e9);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_entries");
            }
            return rate;
        }
    }

    private static void seedWallet(String wallet, int count) throws SQLException {
        try (Connection c = TestInfra.dataSource().getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO reporting_wallets (id, currency, created, balance)"
                    + " VALUES (?, 'EUR', now() - interval '2 days', 0)")) {
                s.setString(1, wallet);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO reporting_entries (id, wallet_id, refno, created, kind,"
                    + " amount, currency, old_balance, new_balance, fingerprint, description, labels)"
                    + " SELECT gen_random_uuid()::text, ?, n, now() - interval '1 day' + n * interval '1 millisecond',"
                    + " 'casino_bet', -1.25, 'EUR', 1000.00 - n * 1.25 + 1.25, 1000.00 - n * 1.25, 'fp-' || n,"
                    + " 'bet ' || n || ', \"roulette\"', '{\"game\": \"roulette\"}'::jsonb FROM generate_series(1, ?) n")) {
                s.setString(1, wallet);
                s.setInt(2, count);
                s.executeUpdate();
            }
        }
    }

    private static void export(ReportingProcess service, String wallet) throws Exception {
        Path status = Path.of("/proc", Long.toString(service.pid()), "status");
        long rssBefore = kib(status, "VmRSS:");
        AtomicLong peak = new AtomicLong(rssBefore);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(kib(status, "VmRSS:"), Math::max);
                    Thread.sleep(50); // sampling period
                } catch (Exception e) {
                    return;
                }
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        String range = "?from=" + Instant.now().minus(Duration.ofDays(3)) + "&to=" + Instant.now();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                + "/operations/file/" + wallet + range)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        long hwm = kib(status, "VmHWM:");
        System.out.printf("csv export: status %d, %,d rows (%,d MB) in %.1f s: %,.0f rows/s; service RSS before %,d MB,"
                        + " peak sampled during %,d MB, VmHWM (whole life) %,d MB; heap -Xmx256m%n",
                r.statusCode(), lines - 1, bytes >> 20, seconds, (lines - 1) / seconds, rssBefore >> 10, peak.get() >> 10, hwm >> 10);
    }

    private static long kib(Path status, String field) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith(field)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
