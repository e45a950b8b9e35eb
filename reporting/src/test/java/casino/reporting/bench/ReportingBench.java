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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not assertions; every figure against a baseline of the same run. (1) Mirror throughput: a
 * backlog of ledger events (outcome, TransactionCreated, BalanceChanged per entry) drained into Postgres
 * by the service in its own JVM, each time right after its baseline: the same entry rows inserted by
 * bare JDBC batches (same statement, same batch size, one transaction per batch) into a copy of the
 * table; rounds repeat the pair. (2) Lag under the wallet's full deposit rate for 60 s. (3) CSV export
 * of one wallet with 1,000,000 entries with the service's resident memory, each time right after its
 * baseline: the service's own COPY TO STDOUT read by a bare client into nothing (the ceiling).
 * The levers tried for issue 26 and their figures: docs/benchmark-history.md, Reporting.
 */
@Tag("bench")
class ReportingBench {
    private static final int ENTRIES = Integer.getInteger("bench.entries", 200_000);
    private static final int CSV_ROWS = Integer.getInteger("bench.csvRows", 1_000_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    private static final int DEPOSIT_RATE = Integer.getInteger("bench.depositRate", 7_700);
    private static final int LAG_SECONDS = Integer.getInteger("bench.lagSeconds", 60);
    private static final int BATCH = 2_000;
    private static final String SECTIONS = System.getProperty("bench.sections", "mirror,lag,csv");

    @Test
    void mirrorThroughputLagAndCsvExport(@TempDir Path dir) throws Exception {
        String topic = Fixture.newTopic();
        List<Change.NewEntry> rows = produceBacklog(topic, ENTRIES);
        Map<String, String> env = Fixture.settings(topic, Map.of(
                // 3 records per entry (outcome, TransactionCreated, BalanceChanged): BATCH entries per transaction, as the baseline
                ReportingSettings.REPORTING_BATCH_RECORDS, Integer.toString(3 * BATCH)));
        // per round {mirror/s, bare/s, mirror: service JVM µs, Postgres µs per entry; bare: client µs, Postgres µs; mirror/s after a quarter}
        List<double[]> runs = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double[] bare = bareJdbcRate(rows);
            double[] mirror = mirrorRate(topic, env, dir.resolve("mirror-" + round + ".log"));
            System.out.printf("round %d: mirror %,7.0f entries/s, bare JDBC batch %,7.0f entries/s: %.2fx;"
                            + " CPU per entry: mirror %.1f µs service JVM + %.1f µs Postgres, bare %.1f µs client thread + %.1f µs Postgres%n",
                    round, mirror[0], bare[0], mirror[0] / bare[0], mirror[1], mirror[2], bare[1], bare[2]);
            runs.add(new double[] {mirror[0], bare[0], mirror[1], mirror[2], bare[1], bare[2], mirror[3]});
        }
        System.out.printf("%nmirror %s entries/s, bare %s entries/s; after the first quarter %s entries/s;"
                        + " CPU µs/entry: mirror service %s, Postgres %s; bare client %s, Postgres %s%n",
                range(runs, 0, "%,.0f"), range(runs, 1, "%,.0f"), range(runs, 6, "%,.0f"),
                range(runs, 2, "%.1f"), range(runs, 3, "%.1f"), range(runs, 4, "%.1f"), range(runs, 5, "%.1f"));

        String lagLine = SECTIONS.contains("lag") ? lag(dir) : "(lag section not run)";
        String csvLine = SECTIONS.contains("csv") ? csv(dir) : "(csv section not run)";
        System.out.println();
        System.out.println(csvLine);
        System.out.println(lagLine);
        System.out.printf("mirror vs bare JDBC batch over %d rounds: %s (after the first quarter: %s)%n", runs.size(),
                ratio(runs), warmRatio(runs));
        System.out.printf("mirror vs bare JDBC batch: %.2fx%n", runs.stream().mapToDouble(r -> r[0] / r[1]).average().orElse(0));
    }

    private static String range(List<double[]> r, int i, String format) {
        double min = r.stream().mapToDouble(x -> x[i]).min().orElse(0);
        double max = r.stream().mapToDouble(x -> x[i]).max().orElse(0);
        return String.format(format, min) + "-" + String.format(format, max);
    }

    private static String warmRatio(List<double[]> r) {
        return r.stream().map(x -> String.format("%.2fx", x[6] / x[1])).collect(Collectors.joining(", "));
    }

    private static String ratio(List<double[]> r) {
        return r.stream().map(x -> String.format("%.2fx", x[0] / x[1])).collect(Collectors.joining(", "));
    }

    /** Empties the mirror, starts the service, and times the drain of the whole backlog from /ready. */
    private static double[] mirrorRate(String topic, Map<String, String> env, Path log) throws Exception {
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE reporting_entries, reporting_wallets");
            s.execute("DELETE FROM reporting_offsets WHERE topic = '" + topic + "'");
            s.execute("CHECKPOINT");
        }
        Map<TopicPartition, Long> ends = endOffsets(topic);
        try (ReportingProcess service = ReportingProcess.start(env, log, "-Xmx256m")) {
            long readyAt = System.nanoTime();
            long atReady = count("SELECT count(*) FROM reporting_entries");
            long serviceCpu = CpuMeter.process(service.pid());
            long pgCpu = CpuMeter.postgres();
            Map<String, Long> threads = CpuMeter.threads(service.pid());
            long endRecords = ends.values().stream().mapToLong(Long::longValue).sum();
            long[] quarterAt = {0, 0}; // when a quarter of the records was stored, and the entries then
            Fixture.await(Duration.ofMinutes(10), () -> "mirror of " + topic, () -> {
                if (quarterAt[0] == 0 && storedRecords(topic) >= endRecords / 4) {
                    quarterAt[0] = System.nanoTime();
                    quarterAt[1] = uncheckedCount();
                }
                return caughtUp(topic, ends);
            });
            long doneAt = System.nanoTime();
            double seconds = (doneAt - readyAt) / 1e9;
            serviceCpu = CpuMeter.process(service.pid()) - serviceCpu;
            pgCpu = CpuMeter.postgres() - pgCpu;
            Map<String, Long> threadsAfter = CpuMeter.threads(service.pid());
            threads.forEach((role, ns) -> threadsAfter.merge(role, -ns, Long::sum));
            long total = count("SELECT count(*) FROM reporting_entries");
            if (total != ENTRIES) throw new AssertionError(total + " entries mirrored, not " + ENTRIES);
            double n = ENTRIES - atReady;
            double warm = (ENTRIES - quarterAt[1]) / ((doneAt - quarterAt[0]) / 1e9);
            System.out.printf("  service JVM CPU by thread over the drain (s): %s; rate after the first quarter %,.0f entries/s%n",
                    threadsAfter.entrySet().stream().map(e -> e.getKey() + " " + String.format("%.2f", e.getValue() / 1e9))
                            .collect(Collectors.joining(", ")), warm);
            return new double[] {n / seconds, serviceCpu / 1e3 / n, pgCpu / 1e3 / n, warm};
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.kafka().bootstrapServers()))) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            partitions.forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /** Whether the offsets stored in Postgres (the mirror's own, committed with its rows) reached the topic's ends. */
    private static boolean caughtUp(String topic, Map<TopicPartition, Long> ends) {
        try (Connection c = TestInfra.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT partition, next_offset FROM reporting_offsets WHERE topic = ?")) {
            s.setString(1, topic);
            Map<Integer, Long> stored = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) stored.put(rs.getInt(1), rs.getLong(2));
            }
            return ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey().partition(), -1L) >= e.getValue());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long storedRecords(String topic) {
        try {
            return count("SELECT coalesce(sum(greatest(next_offset, 0)), 0) FROM reporting_offsets WHERE topic = '" + topic + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long uncheckedCount() {
        try {
            return count("SELECT count(*) FROM reporting_entries");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String lag(Path dir) throws Exception {
        String topic = Fixture.newTopic();
        WalletEvents events = new WalletEvents();
        List<String> wallets = LagUnderLoad.createWallets(topic, events, 1_000);
        // the service's defaults: batches of 2,000 records or 200 ms
        Map<String, String> env = Fixture.settings(topic, Map.of(ReportingSettings.REPORTING_BATCH_LINGER, "200ms"));
        try (ReportingProcess service = ReportingProcess.start(env, dir.resolve("lag.log"), "-Xmx256m")) {
            LagUnderLoad.Result r = LagUnderLoad.run(topic, wallets, events, service, DEPOSIT_RATE, LAG_SECONDS);
            System.out.printf("%nlag under load: %,.0f deposits/s produced (target %,d, %,.0f records/s) for %d s after a %d s warm-up;"
                            + " age of the newest mirrored event p50 %d ms, p99 %d ms, max %d ms (%d samples);"
                            + " reporting_mirror_lag_records p50 %d, p99 %d, max %d%n",
                    r.depositsPerSecond(), DEPOSIT_RATE, 3 * r.depositsPerSecond(), LAG_SECONDS, LagUnderLoad.WARM_UP_MS / 1000,
                    LagUnderLoad.percentile(r.ageMs(), 0.5), LagUnderLoad.percentile(r.ageMs(), 0.99),
                    LagUnderLoad.percentile(r.ageMs(), 1), r.ageMs().length, LagUnderLoad.percentile(r.lagRecords(), 0.5),
                    LagUnderLoad.percentile(r.lagRecords(), 0.99), LagUnderLoad.percentile(r.lagRecords(), 1));
            return String.format("mirror lag p99 under full wallet load: %d ms", LagUnderLoad.percentile(r.ageMs(), 0.99));
        }
    }

    private static String csv(Path dir) throws Exception {
        String wallet = "csv-" + UUID.randomUUID();
        long seeded = System.nanoTime();
        casino.reporting.Fixture.seedEntries(wallet, CSV_ROWS);
        System.out.printf("%nseeded %,d entries of %s in %.1f s (SQL)%n", CSV_ROWS, wallet, (System.nanoTime() - seeded) / 1e9);
        Map<String, String> env = Fixture.settings(Fixture.newTopic(), Map.of());
        List<Double> bares = new ArrayList<>();
        List<Double> copies = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            double bare = CsvExport.bareCopyRate(wallet);
            System.out.printf("round %d: bare COPY TO STDOUT of the same rows (ceiling) %,.0f rows/s%n", round, bare);
            try (ReportingProcess service = ReportingProcess.start(env, dir.resolve("csv-" + round + ".log"), "-Xmx256m")) {
                CsvExport.Result r = CsvExport.export(service, wallet);
                System.out.printf("round %d: csv export: status %d, %,d rows (%,d MB) in %.1f s: %,.0f rows/s, %.2fx the ceiling;"
                                + " service RSS before %,d MB, peak sampled during %,d MB, VmHWM (whole life) %,d MB; heap -Xmx256m%n",
                        round, r.status(), r.rows(), r.bytes() >> 20, r.seconds(), r.rate(), r.rate() / bare, r.rssBeforeKib() >> 10,
                        r.rssPeakKib() >> 10, r.hwmKib() >> 10);
                if (r.rows() != CSV_ROWS) throw new AssertionError(r.rows() + " rows, not " + CSV_ROWS);
                bares.add(bare);
                copies.add(r.rate());
            }
        }
        return String.format("csv export of %,d rows: %s rows/s, vs bare COPY TO STDOUT (same run) %s rows/s: %s", CSV_ROWS,
                rates(copies), rates(bares), java.util.stream.IntStream.range(0, copies.size())
                        .mapToObj(i -> String.format("%.2fx", copies.get(i) / bares.get(i))).collect(Collectors.joining(", ")));
    }

    private static String rates(List<Double> rates) {
        return rates.stream().map(x -> String.format("%,.0f", x)).collect(Collectors.joining(", "));
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
    private static double[] bareJdbcRate(List<Change.NewEntry> rows) throws SQLException {
        Map<String, String> settings = new HashMap<>(TestInfra.database().settings());
        settings.put("DATABASE_URL", settings.get("DATABASE_URL") + "?reWriteBatchedInserts=true");
        try (HikariDataSource pool = Database.pool(Config.of(settings), "bench")) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_entries");
                s.execute("CREATE TABLE bench_entries (LIKE reporting_entries INCLUDING ALL)");
                s.execute("CHECKPOINT");
            }
            var threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long clientCpu = threads.getCurrentThreadCpuTime();
            long pgCpu = CpuMeter.postgres();
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < rows.size(); i += BATCH) {
                    MirrorStore.insertEntries(c, rows.subList(i, Math.min(rows.size(), i + BATCH)), "bench_entries");
                    c.commit();
                }
            }
            double[] rate = {rows.size() / ((System.nanoTime() - start) / 1e9),
                    (threads.getCurrentThreadCpuTime() - clientCpu) / 1e3 / rows.size(), (CpuMeter.postgres() - pgCpu) / 1e3 / rows.size()};
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_entries");
            }
            return rate;
        }
    }
}
