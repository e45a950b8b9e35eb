package casino.reporting.bench;

import casino.infra.TestInfra;
import casino.reporting.EventProducer;
import casino.reporting.ReportingProcess;
import casino.reporting.WalletEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ledger's deposits at the wallet's full rate on the mirrored topic, with the service attached:
 * records exactly as the ledger writes them for a deposit (outcome, TransactionCreated, BalanceChanged;
 * {@link WalletEvents}) in one Kafka transaction per 10 ms (the wallet's commit interval), paced to
 * {@code rate} deposits/s. Every 100 ms it samples {@code reporting_mirror_lag_records} (from /metrics)
 * and the age of the newest mirrored event (now minus the record time stored with the offsets, as_of).
 */
final class LagUnderLoad {
    static final long WARM_UP_MS = Long.getLong("bench.lagWarmUpMs", 10_000);

    record Result(double depositsPerSecond, long[] ageMs, long[] lagRecords) {}

    private LagUnderLoad() {}

    static Result run(String topic, List<String> wallets, WalletEvents events, ReportingProcess service, int rate, int seconds)
            throws Exception {
        AtomicLong produced = new AtomicLong();
        long start = System.nanoTime();
        long end = start + (WARM_UP_MS / 1000 + seconds) * 1_000_000_000L;
        Thread producer = Thread.ofPlatform().name("bench-deposits").start(() -> {
            Random random = new Random(11);
            try (EventProducer p = new EventProducer(topic)) {
                int perTx = Math.max(1, rate / 100);
                while (System.nanoTime() < end) {
                    List<WalletEvents.Event> tx = new ArrayList<>(perTx * 3);
                    for (int i = 0; i < perTx; i++) {
                        tx.addAll(events.entry(wallets.get(random.nextInt(wallets.size())), "deposit",
                                1 + random.nextInt(100_000), Map.of(), System.currentTimeMillis()));
                    }
                    p.send(tx);
                    long done = produced.addAndGet(perTx);
                    long ahead = done * 1_000_000_000L / rate - (System.nanoTime() - start);
                    if (ahead > 0) Thread.sleep(ahead / 1_000_000); // pacing of the load, not synchronisation
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Long> ages = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://localhost:" + service.port() + "/metrics")).build();
        try (Connection c = TestInfra.dataSource().getConnection();
             PreparedStatement asOf = c.prepareStatement("SELECT max(as_of) FROM reporting_offsets WHERE topic = ?")) {
            asOf.setString(1, topic);
            Thread.sleep(WARM_UP_MS); // sampling starts once the load has run this long (the service's JIT warm-up)
            while (System.nanoTime() < end) {
                try (ResultSet rs = asOf.executeQuery()) {
                    Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                    if (t != null) ages.add(Math.max(0, System.currentTimeMillis() - t.getTime()));
                }
                String text = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                text.lines().filter(l -> l.startsWith("reporting_mirror_lag_records")).findFirst()
                        .ifPresent(l -> lags.add((long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))));
                Thread.sleep(100); // sampling period
            }
        }
        producer.join();
        double rate2 = produced.get() / ((System.nanoTime() - start) / 1e9); // over warm-up and measurement
        return new Result(rate2, sorted(ages), sorted(lags));
    }

    static List<String> createWallets(String topic, WalletEvents events, int count) {
        List<String> wallets = new ArrayList<>();
        try (EventProducer p = new EventProducer(topic)) {
            List<WalletEvents.Event> tx = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String w = "lag-" + UUID.randomUUID();
                wallets.add(w);
                tx.addAll(events.create(w, "EUR", Map.of("bench", "lag"), System.currentTimeMillis()));
            }
            p.send(tx);
        }
        return wallets;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
