package casino.materializer;

import casino.common.event.CasinoEvent;
import casino.common.json.Json;
import casino.infra.TestInfra;
import casino.materializer.aggregate.MaterializerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not assertions: the highest input rate the aggregates sustain (a backlog drained as fast
 * as possible, against a bare consumer reading the same records), and GET /materialized latency at
 * a fixed 1,000 requests/s plus closed-loop throughput (against GET /health on the same server), on
 * one instance and on two. Everything shares this machine with the in-process broker.
 */
@Tag("bench")
class MaterializerBenchmark {
    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int RATE = Integer.getInteger("bench.rate", 1_000);
    private static final Duration OPEN_LOOP = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    /** Drain variants besides the production defaults, as parser:commitMs. */
    private static final String VARIANTS = System.getProperty("bench.variants", "reader:1000");
    private static final String SERVICE = "service (defaults), counted through GET /materialized";
    private static final int DRAIN_ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int DRAIN_WARMUP = Integer.getInteger("bench.warmup", 1);
    /** The HTTP figures (about 2 minutes) after the drain. */
    private static final boolean HTTP_FIGURES = Boolean.parseBoolean(System.getProperty("bench.http", "true"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void inputRateAndQueryLatency(@TempDir Path a, @TempDir Path b, @TempDir Path c, @TempDir Path drains) throws Exception {
        String topic = Fixtures.uniqueTopic("mat-bench");
        TestInfra.createTopics(List.of(MaterializerRegistry.source(topic)));
        long produceStart = System.nanoTime();
        produceBacklog(topic, EVENTS);
        System.out.printf("%nproduced %,d enriched events in %.1f s%n", EVENTS, secondsSince(produceStart));

        double consumerRate = bareConsumerRate(topic, EVENTS);
        System.out.printf("baseline: bare consumer reads %,.0f events/s%n", consumerRate);
        double[] drain = drainRounds(topic, drains);
        System.out.printf("%n%s%n%s%n%n", DrainBench.ratioLine(drain[0], "service"),
                "  (the counting topology alone: " + DrainBench.ratioLine(drain[1], "topology") + ")");
        if (!HTTP_FIGURES) return;

        try (MaterializerService single = Fixtures.start(topic, "mat-bench-" + UUID.randomUUID(), a)) {
            Fixtures.await("the backlog counted", () -> Fixtures.get(single.port(), "/materialized").json()
                    .path("events_total").asLong(), n -> n >= EVENTS);
            try (Background input = Background.start(topic, 500)) {
                httpFigures("single instance", List.of(single.port()));
            }
            String pairId = "mat-bench-pair-" + UUID.randomUUID();
            try (MaterializerService first = Fixtures.start(topic, pairId, b);
                 MaterializerService second = Fixtures.start(topic, pairId, c)) {
                for (MaterializerService app : List.of(first, second)) {
                    Fixtures.await("the pair answers on " + app.port(), () -> Fixtures.get(app.port(), "/materialized"),
                            r -> r.status() == 200);
                }
                try (Background input = Background.start(topic, 500)) {
                    httpFigures("two instances", List.of(first.port(), second.port()));
                }
            }
        }
    }

    /**
     * The variants drain the backlog in turns (the order rotates each round) after one uncounted warm-up
     * round, then the service itself (its default settings) counted through GET /materialized; returns the
     * medians of the service and of the topology with the defaults.
     */
    private static double[] drainRounds(String topic, Path stateDir) throws InterruptedException {
        List<DrainBench.Variant> variants = new ArrayList<>();
        variants.add(DrainBench.Variant.defaults());
        for (String spec : VARIANTS.split(",")) {
            if (!spec.isBlank()) variants.add(DrainBench.Variant.parse(spec.trim()));
        }
        Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
        Map<String, List<Double>> cpu = new java.util.LinkedHashMap<>();
        System.out.printf("drain: %d variants, %d warm-up + %d rounds of %,d events each%n", variants.size(), DRAIN_WARMUP,
                DRAIN_ROUNDS, EVENTS);
        for (int round = 1 - DRAIN_WARMUP; round <= DRAIN_ROUNDS; round++) {
            StringBuilder line = new StringBuilder(round < 1 ? "warm-up (not counted)" : "round " + round);
            line.append(" (load ").append(loadAverage()).append("):");
            for (int i = 0; i < variants.size(); i++) {
                DrainBench.Variant v = variants.get(Math.floorMod(i + round, variants.size()));
                DrainBench.Run run = DrainBench.drain(topic, EVENTS, v, stateDir);
                line.append("\n    ").append(v.label()).append(": ").append(run);
                if (round < 1) continue;
                rates.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(run.eventsPerSecond());
                cpu.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(run.cpuMsPer1000());
            }
            try (MaterializerService service = Fixtures.start(topic, "mat-bench-" + UUID.randomUUID(), stateDir)) {
                long cpuBefore = DrainBench.processCpuNanos();
                double rate = drainRate(service.port(), EVENTS);
                double cpuMs = (DrainBench.processCpuNanos() - cpuBefore) / 1e6 / EVENTS * 1000; // from start, not from 10 %
                line.append("\n    ").append(SERVICE).append(": ").append(new DrainBench.Run(rate, cpuMs));
                if (round >= 1) {
                    rates.computeIfAbsent(SERVICE, k -> new ArrayList<>()).add(rate);
                    cpu.computeIfAbsent(SERVICE, k -> new ArrayList<>()).add(cpuMs);
                }
            }
            System.out.println(line);
        }
        System.out.printf("%ndrain, medians of %d rounds (range), CPU of this JVM per 1000 events:%n", DRAIN_ROUNDS);
        for (String label : rates.keySet()) {
            List<Double> r = rates.get(label);
            System.out.printf("  %-55s %,8.0f events/s (%,.0f-%,.0f)  CPU %.1f ms%n", label, DrainBench.median(r),
                    java.util.Collections.min(r), java.util.Collections.max(r), DrainBench.median(cpu.get(label)));
        }
        return new double[] {DrainBench.median(rates.get(SERVICE)), DrainBench.median(rates.get(variants.getFirst().label()))};
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private void httpFigures(String label, List<Integer> ports) throws Exception {
        double health = closedLoop(ports, "/health", Duration.ofSeconds(5));
        double figures = closedLoop(ports, "/materialized", Duration.ofSeconds(5));
        System.out.printf("%s: closed loop (8 clients) GET /materialized %,.0f requests/s, GET /health %,.0f requests/s"
                + " (ratio %.2f)%n", label, figures, health, figures / health);
        openLoop(label, ports, "/health", RATE, OPEN_LOOP);
        openLoop(label, ports, "/materialized", RATE, OPEN_LOOP);
    }

    /** Requests at a fixed rate, latency measured from the scheduled send time (no coordinated omission). */
    private void openLoop(String label, List<Integer> ports, String path, int rate, Duration length) throws Exception {
        int total = (int) (rate * length.toSeconds());
        long[] latencies = new long[total];
        AtomicLong failures = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>(total);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long scheduled = start + i * interval;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait); // pacing of the load generator
            int index = i;
            int port = ports.get(i % ports.size());
            all.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> {
                        latencies[index] = System.nanoTime() - scheduled;
                        if (e != null || r.statusCode() != 200) failures.incrementAndGet();
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        double seconds = secondsSince(start);
        Arrays.sort(latencies);
        System.out.printf("%s: open loop GET %s, %,d requests at %,d/s -> %,.0f requests/s achieved, p50 %.2f ms, p99 %.2f ms,"
                        + " max %.2f ms, non-200 %d%n", label, path, total, rate, total / seconds,
                latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6, latencies[total - 1] / 1e6,
                failures.get());
    }

    private double closedLoop(List<Integer> ports, String path, Duration length) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int port = ports.get(w % ports.size());
            workers.add(Thread.ofPlatform().start(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
                while (!stop.get()) {
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) done.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        long start = System.nanoTime();
        Thread.sleep(length.toMillis()); // the measurement period
        stop.set(true);
        for (Thread t : workers) t.join();
        return done.get() / secondsSince(start);
    }

    /** Events per second between 10 % and 100 % of the backlog counted (start-up excluded). */
    private static double drainRate(int port, int events) throws InterruptedException {
        long from = 0;
        long fromCount = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            long total = Fixtures.get(port, "/materialized").json().path("events_total").asLong();
            if (from == 0 && total >= events / 10) {
                from = System.nanoTime();
                fromCount = total;
            }
            if (total >= events) return (total - fromCount) / secondsSince(from);
            Thread.sleep(20); // sampling interval of the drain
        }
        throw new AssertionError("the backlog was not drained within 5 minutes");
    }

    private static double bareConsumerRate(String topic, int events) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long start = System.nanoTime();
            while (count < events) count += consumer.poll(Duration.ofMillis(500)).count();
            return count / secondsSince(start);
        }
    }

    private static void produceBacklog(String topic, int events) {
        try (KafkaProducer<Long, byte[]> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new LongSerializer(), new ByteArraySerializer())) {
            int chunk = 10_000;
            for (int from = 0; from < events; from += chunk) {
                for (CasinoEvent raw : Fixtures.events(Math.min(chunk, events - from), from, from + 1)) {
                    CasinoEvent e = Fixtures.enriched(raw);
                    p.send(new ProducerRecord<>(topic, e.playerId(), Json.write(e).getBytes(StandardCharsets.UTF_8)));
                }
            }
            p.flush();
        }
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Keeps events flowing at a steady rate while the HTTP figures are measured. */
    private record Background(ScheduledExecutorService timer, KafkaProducer<Long, byte[]> producer) implements AutoCloseable {
        static Background start(String topic, int perSecond) {
            KafkaProducer<Long, byte[]> producer = Fixtures.producer();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            AtomicLong ids = new AtomicLong(10_000_000);
            timer.scheduleAtFixedRate(() -> {
                for (CasinoEvent e : Fixtures.events(perSecond / 10, ids.get(), ids.getAndAdd(perSecond / 10))) {
                    producer.send(new ProducerRecord<>(topic, e.playerId(), Json.write(e).getBytes(StandardCharsets.UTF_8)));
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            return new Background(timer, producer);
        }

        @Override
        public void close() {
            timer.shutdownNow();
            producer.close();
        }
    }
}
