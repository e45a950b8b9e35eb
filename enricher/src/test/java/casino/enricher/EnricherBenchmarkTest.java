package casino.enricher;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.kafka.Topics;
import casino.common.tracing.Tracing;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EventPrinter;
import casino.fx.FxApi;
import casino.infra.OtlpSink;
import casino.infra.TestInfra;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: the enricher (real broker, a real Postgres lookup for every event, one
 * query per poll, the real FX API, stdout lines written to a file) against a pass-through topology
 * (read, mapValues, write with the topic's JSON serde; same exactly_once_v2, commit interval,
 * partitions, threads and client settings) on the same input in the same run. Throughput: N events
 * preloaded, then timed from 1 % to 100 % processed, the topologies taking turns (who goes first
 * alternates) for {@code bench.rounds} rounds after {@code bench.warmup} uncounted ones; each
 * round prints events/s, the CPU per 1000 events of this JVM (stream threads, clients and the
 * in-process broker) and of Postgres, and the ratio; medians are reported. Latency: events
 * produced at a steady rate, end to end (producer timestamp to read_committed consumer). Asserts
 * nothing. The per-event "player not found" warning is switched off here (it would flood the console).
 * Run: {@code mvn -pl enricher test -Pbench [-Dbench.events=200000 -Dbench.rounds=5 -Dbench.warmup=1
 * -Dbench.unbatched=true -Dbench.unbatched.events=50000 -Dbench.rate=1000 -Dbench.seconds=20]}. Tracing: {@code
 * -Dbench.tracing=off} (the default: ids propagated, nothing recorded), {@code none} (a no-op tracer: no ids, no
 * headers) or {@code on} (every span recorded and exported by OTLP to an {@link OtlpSink}).
 */
@Tag("bench")
class EnricherBenchmarkTest {
    private static final int EVENTS = Integer.getInteger("bench.events", 200_000);
    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int THREADS = Integer.getInteger("bench.threads", 2);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    /** Rounds run first and not counted: the JIT compiles the enricher's larger code path later than the pass-through's. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1);
    private static final boolean UNBATCHED = Boolean.parseBoolean(System.getProperty("bench.unbatched", "true"));
    /** The 1-query-per-event variant is timed on the first part of the backlog only (it is slow). */
    private static final int UNBATCHED_EVENTS = Math.min(EVENTS, Integer.getInteger("bench.unbatched.events", 50_000));
    private static final String TRACING = System.getProperty("bench.tracing", "off");

    /** A topology that has been built but not started, with its progress counter. */
    private interface Running extends AutoCloseable {
        void start();

        long processed();

        @Override
        void close();
    }

    @Test
    void enricherVersusPassThrough() throws Exception {
        // the per-event "player not found" warnings (half the generated players) would flood the console
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(casino.enricher.pipeline.Enrichment.class))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        String bootstrap = TestInfra.kafka().bootstrapServers();
        TestInfra.dataSource();
        Path stateDir = Files.createTempDirectory("enricher-bench");
        Path stdoutFile = Path.of("target", "bench-enricher-stdout.jsonl");
        try (OtlpSink sink = tracing(TRACING);
             FxApi fx = FxApi.start(0, Clock.systemUTC());
             OutputStream stdout = new BufferedOutputStream(new FileOutputStream(stdoutFile.toFile()))) {
            Config config = TestInfra.config(Map.of(EnricherSettings.FX_API_URL, fx.latestUrl(), EnricherSettings.PORT, "0",
                    CommonSettings.STATE_DIR, stateDir.toString(), EnricherSettings.THREADS, Integer.toString(THREADS)));
            String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
            EnricherTopics backlog = EnricherTopics.prefixed(run + "-backlog");
            TopicAdmin.ensure(config, backlog.all(), Duration.ofSeconds(60));
            try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap)) {
                for (CasinoEvent e : TestEvents.random(42, 1, EVENTS)) producer.send(new ProducerRecord<>(backlog.events().name(), e.playerId(), e));
                producer.flush();
            }
            System.out.printf("%nenricher benchmark: %d events preloaded, %d stream threads, %d warm-up + %d rounds, "
                    + "1 query per event timed on %d events, latency at %d events/s for %d s, tracing %s%n",
                    EVENTS, THREADS, WARMUP, ROUNDS, UNBATCHED_EVENTS, RATE, SECONDS, TRACING);

            // alternate the topologies, ROUNDS times each, swapping who goes first, and keep the medians:
            // the machine is shared, so the ratio of each round (neighbours in time) is the steadier figure
            List<Run> pass = new ArrayList<>();
            List<Run> enrich = new ArrayList<>();
            List<Run> unbatched = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1 - WARMUP; round <= ROUNDS; round++) {
                Run p;
                Run e;
                if (round % 2 == 1) {
                    p = throughput(startPassThrough(config, run + "-pass-" + round, backlog.events().name(), run + "-pass.out"), EVENTS);
                    e = throughput(startEnricher(config, run + "-enricher-" + round, backlog, stdout), EVENTS);
                } else {
                    e = throughput(startEnricher(config, run + "-enricher-" + round, backlog, stdout), EVENTS);
                    p = throughput(startPassThrough(config, run + "-pass-" + round, backlog.events().name(), run + "-pass.out"), EVENTS);
                }
                if (round < 1) {
                    System.out.printf("warm-up round (not counted, load %s): pass-through %s | enricher %s%n", loadAverage(), p, e);
                    continue;
                }
                pass.add(p);
                enrich.add(e);
                ratios.add(e.eventsPerSecond() / p.eventsPerSecond());
                Run u = UNBATCHED ? throughput(startEnricher(config.with(Map.of(EnricherSettings.BATCH_SIZE, "1")),
                        run + "-unbatched-" + round, backlog, stdout), UNBATCHED_EVENTS) : null;
                unbatched.add(u);
                System.out.printf("round %d (load %s): pass-through %s | enricher %s | ratio %.0f %%%s%n", round, loadAverage(), p, e,
                        100 * ratios.getLast(), u == null ? "" : " | 1 query per event " + u);
            }
            double passRate = median(pass.stream().map(Run::eventsPerSecond).toList());
            double enrichRate = median(enrich.stream().map(Run::eventsPerSecond).toList());
            // the materializer's benchmark reads this to print its drain rate against the enricher's in the same run
            Files.writeString(Path.of("target", "bench-enricher-rate.properties"), String.format(java.util.Locale.ROOT,
                    "events_per_second=%.0f%nbest_round_events_per_second=%.0f%nrounds=%d%nmeasured_at=%s%n", enrichRate,
                    Collections.max(enrich.stream().map(Run::eventsPerSecond).toList()), ROUNDS, Instant.now()));
            double unbatchedRate = UNBATCHED ? median(unbatched.stream().map(Run::eventsPerSecond).toList()) : Double.NaN;

            EnricherTopics latencyPass = EnricherTopics.prefixed(run + "-latency-pass");
            EnricherTopics latencyEnrich = EnricherTopics.prefixed(run + "-latency-enrich");
            TopicAdmin.ensure(config, latencyPass.all(), Duration.ofSeconds(60));
            TopicAdmin.ensure(config, latencyEnrich.all(), Duration.ofSeconds(60));
            long[] passLatency;
            try (Running r = startPassThrough(config, run + "-pass-latency", latencyPass.events().name(), latencyPass.enriched().name())) {
                r.start();
                passLatency = latency(bootstrap, latencyPass);
            }
            long[] enrichLatency;
            try (Running r = startEnricher(config, run + "-enricher-latency", latencyEnrich, stdout)) {
                r.start();
                enrichLatency = latency(bootstrap, latencyEnrich);
            }

            System.out.printf("%nmedians of %d rounds; latency from one run each%n%-30s %12s %10s %10s %9s%n", ROUNDS, "topology", "events/s", "p50 ms", "p99 ms", "samples");
            System.out.printf("%-30s %12.0f %10d %10d %9d%n", "pass-through", passRate, passLatency[0], passLatency[1], passLatency[2]);
            System.out.printf("%-30s %12.0f %10d %10d %9d%n", "enricher", enrichRate, enrichLatency[0], enrichLatency[1], enrichLatency[2]);
            System.out.printf("%-30s %12.0f %10s %10s %9s%n", "enricher, 1 query per event", unbatchedRate, "-", "-", "-");
            System.out.printf("CPU per 1000 events (medians): pass-through %.1f ms in the JVM (stream threads, clients and broker); "
                            + "enricher %.1f ms in the JVM + %.1f ms in Postgres%n",
                    median(pass.stream().map(Run::jvmCpuMsPer1000).toList()), median(enrich.stream().map(Run::jvmCpuMsPer1000).toList()),
                    median(enrich.stream().map(Run::postgresCpuMsPer1000).toList()));
            System.out.printf("enricher / pass-through throughput: median of the per-round ratios %.0f %%, ratio of the medians %.0f %% "
                            + "(goal >= 50 %%); without batching %.0f %%%n%n",
                    100 * median(ratios), 100 * enrichRate / passRate, 100 * unbatchedRate / passRate);
            Tracing.reset(); // flushes what is pending
            if (TRACING.equals("on")) System.out.printf("tracing on: %d OTLP exports, %.1f MB of spans%n", sink.exports(), sink.bytes() / 1e6);
        }
    }

    /** Installs the tracing of {@code mode} (none, off, on); the sink that takes the spans when on, closed with the run. */
    private static OtlpSink tracing(String mode) {
        OtlpSink sink = new OtlpSink();
        switch (mode) {
            case "none" -> Tracing.install(OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().build()).build());
            case "off" -> Tracing.reset();
            case "on" -> Tracing.start("enricher", Config.of(Map.of(Tracing.OTLP_ENDPOINT, sink.endpoint())));
            default -> throw new IllegalArgumentException("bench.tracing is none, off or on, not " + mode);
        }
        return sink;
    }

    private static Running startEnricher(Config config, String appId, EnricherTopics topics, OutputStream stdout) {
        EnricherService app = EnricherService.create(config, new EnricherService.Options(appId, topics, new EventPrinter(stdout), Ticker.systemTicker()));
        return new Running() {
            public void start() {
                app.start();
            }

            public long processed() {
                return app.stats().enrichedCount();
            }

            public void close() {
                app.close();
            }
        };
    }

    /** Read, mapValues, write: the same serdes, guarantee, commit interval, threads and client settings as the enricher. */
    static Topology passThrough(String in, String out, LongAdder count) {
        Topic<Long, CasinoEvent> source = Topics.CASINO_EVENTS;
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in, source.consumed())
                .mapValues(v -> {
                    count.increment();
                    return v;
                })
                .to(out, source.produced());
        return builder.build();
    }

    private static Running startPassThrough(Config config, String appId, String in, String out) {
        TopicAdmin.ensure(config, List.of(new Topic<>(out, Topics.EVENT_SERDE, Topics.EVENT_SERDE, 6)), Duration.ofSeconds(60));
        LongAdder count = new LongAdder();
        // the enricher's own settings: exactly_once_v2, threads, producer batch size
        Properties props = EnricherService.streamsProperties(config, appId);
        StreamsService service = new StreamsService(appId, passThrough(in, out, count), props);
        return new Running() {
            public void start() {
                service.start(Duration.ofSeconds(120));
            }

            public long processed() {
                return count.sum();
            }

            public void close() {
                service.close();
            }
        };
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One timed run: events/s, and CPU per 1000 events of this JVM (stream threads, clients, broker) and of Postgres. */
    private record Run(double eventsPerSecond, double jvmCpuMsPer1000, double postgresCpuMsPer1000) {
        @Override
        public String toString() {
            return String.format("%.0f events/s, CPU %.1f ms + Postgres %.1f ms per 1000", eventsPerSecond, jvmCpuMsPer1000, postgresCpuMsPer1000);
        }
    }

    /** Events per second from 1 % to 100 % of {@code total} backlog events processed, and the CPU spent in between. */
    private static Run throughput(Running running, int total) throws InterruptedException {
        try (running) {
            long startMark = Math.max(1, total / 100);
            long[] marks = new long[2];
            long[] jvmCpu = new long[2];
            long[] pgCpu = new long[2];
            // sampled from before start: tasks may process while the application still says REBALANCING
            Thread sampler = Thread.ofPlatform().name("bench-sampler").start(() -> {
                try {
                    marks[0] = waitFor(running::processed, startMark);
                    jvmCpu[0] = processCpuNanos();
                    List<Long> pids = postgresPids();
                    pgCpu[0] = cpuNanos(pids);
                    marks[1] = waitFor(running::processed, total);
                    jvmCpu[1] = processCpuNanos();
                    pgCpu[1] = cpuNanos(pids);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            running.start();
            sampler.join();
            long events = total - startMark;
            return new Run(events / ((marks[1] - marks[0]) / 1e9),
                    (jvmCpu[1] - jvmCpu[0]) / 1e6 / events * 1000, (pgCpu[1] - pgCpu[0]) / 1e6 / events * 1000);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Every process of the test Postgres (backends and background workers). */
    private static List<Long> postgresPids() {
        List<Long> pids = new ArrayList<>();
        try (Connection c = TestInfra.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity")) {
            while (rs.next()) pids.add(rs.getLong(1));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /** utime + stime from /proc/<pid>/stat, summed (processes that are gone count 0). */
    private static long cpuNanos(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
            } catch (IOException | RuntimeException e) {
                // the process ended
            }
        }
        return ticks * 10_000_000L; // USER_HZ = 100 on Linux
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "?";
        }
    }

    private static long waitFor(LongSupplier processed, long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (processed.getAsLong() < target) {
            if (System.nanoTime() > deadline) throw new AssertionError("benchmark stalled at " + processed.getAsLong() + " of " + target);
            Thread.sleep(2); // sampling interval of the progress counter
        }
        return System.nanoTime();
    }

    /** {p50, p99, samples} in ms: producer timestamp to read_committed consumer, at a steady rate. */
    private static long[] latency(String bootstrap, EnricherTopics topics) throws Exception {
        int total = RATE * SECONDS;
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        try (KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, topics.enriched().name(), 6)) {
            reader.poll(Duration.ofMillis(100));
            Thread producerThread = Thread.ofPlatform().name("bench-producer").start(() -> {
                Random r = new Random(7);
                try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap)) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < total; i++) {
                        long due = t0 + (long) (i * 1e9 / RATE);
                        long wait = due - System.nanoTime();
                        if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing to the target rate
                        CasinoEvent e = TestEvents.random(r, i + 1, Instant.now());
                        producer.send(new ProducerRecord<>(topics.events().name(), e.playerId(), e));
                    }
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS + 120).toNanos();
            while (latencies.size() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<Long, CasinoEvent> rec : reader.poll(Duration.ofMillis(100))) {
                    latencies.add(System.currentTimeMillis() - rec.timestamp());
                }
            }
            producerThread.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) return new long[] {-1, -1, 0};
        return new long[] {sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)), sorted.size()};
    }
}
