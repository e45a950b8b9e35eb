package casino.materializer;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.infra.TestInfra;
import casino.materializer.aggregate.EventParser;
import casino.materializer.aggregate.MaterializerRegistry;
import casino.materializer.aggregate.MaterializerTopology;
import casino.materializer.aggregate.PartitionCount;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The drain part of the materializer benchmark: variants of the counting topology (parser, commit
 * interval) drain the same backlog in turns, each round in a rotated order, on a fresh
 * application id; progress is the sum of the partition counts read through interactive queries every
 * 2 ms, the rate is timed from 10 % to 100 % of the backlog counted, with the CPU of this JVM (stream
 * threads, clients and the in-process broker) per 1000 events.
 */
final class DrainBench {
    /** Where the enricher's benchmark leaves its median (enricher/target/), read relative to this module. */
    static final Path ENRICHER_FIGURE = Path.of("..", "enricher", "target", "bench-enricher-rate.properties");

    /** One way to run the topology: a parser and Streams settings (MaterializerSettings keys). */
    record Variant(String label, EventParser parser, Map<String, String> settings) {
        static Variant parse(String spec) { // parser:commitMs, e.g. reader:1000
            String[] p = spec.split(":");
            EventParser parser = switch (p[0]) {
                case "reader" -> EventParser.READER;
                default -> throw new IllegalArgumentException("parser " + p[0] + " (the one parser is common's EventReader: reader)");
            };
            return new Variant(p[0] + " parse, commit " + p[1] + " ms", parser,
                    Map.of(MaterializerSettings.COMMIT_INTERVAL, p[1] + "ms"));
        }

        /** The production defaults: the topology MaterializerService runs, its default settings. */
        static Variant defaults() {
            MaterializerSettings s = MaterializerSettings.from(TestInfra.config(Map.of()));
            return new Variant("defaults (EventReader, commit " + s.commitInterval().toMillis() + " ms)",
                    EventParser.READER, Map.of());
        }
    }

    record Run(double eventsPerSecond, double cpuMsPer1000) {
        @Override
        public String toString() {
            return String.format("%,.0f events/s (CPU %.1f ms per 1000)", eventsPerSecond, cpuMsPer1000);
        }
    }

    private DrainBench() {}

    /** Drains {@code events} backlog events from {@code topic} with one variant, on a fresh application id. */
    static Run drain(String topic, int events, Variant variant, Path stateDir) throws InterruptedException {
        Map<String, String> env = new java.util.HashMap<>(variant.settings());
        env.put(CommonSettings.STATE_DIR, stateDir.toString());
        Config config = TestInfra.config(env);
        String appId = "mat-drain-" + UUID.randomUUID().toString().substring(0, 8);
        Properties props = MaterializerService.streamsProperties(config, appId);
        StreamsBuilder builder = new StreamsBuilder();
        MaterializerTopology.build(builder, MaterializerRegistry.source(topic), System::currentTimeMillis, variant.parser());
        try (StreamsService service = new StreamsService("materializer-bench", builder.build(props), props)) {
            Counted counted = new Counted(service.streams());
            long startMark = events / 10;
            long[] marks = new long[2];
            long[] cpu = new long[2];
            // sampled from before start: tasks may count while the application still says REBALANCING
            Thread sampler = Thread.ofPlatform().name("drain-sampler").start(() -> {
                try {
                    marks[0] = waitFor(counted, startMark);
                    cpu[0] = processCpuNanos();
                    marks[1] = waitFor(counted, events);
                    cpu[1] = processCpuNanos();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            service.start(Duration.ofSeconds(120));
            sampler.join();
            long timed = counted.last - counted.atMark;
            return new Run(timed / ((marks[1] - marks[0]) / 1e9), (cpu[1] - cpu[0]) / 1e6 / timed * 1000);
        }
    }

    /** The events counted so far: partition counts summed over every local task, through interactive queries. */
    private static final class Counted implements LongSupplier {
        private final KafkaStreams streams;
        private ReadOnlyKeyValueStore<Integer, PartitionCount> store;
        long last;
        long atMark;

        Counted(KafkaStreams streams) {
            this.streams = streams;
        }

        @Override
        public long getAsLong() {
            try {
                if (store == null) {
                    store = streams.store(StoreQueryParameters.fromNameAndType(MaterializerRegistry.PARTITION_COUNTS,
                            QueryableStoreTypes.keyValueStore()));
                }
                long sum = 0;
                try (KeyValueIterator<Integer, PartitionCount> it = store.all()) {
                    while (it.hasNext()) sum += it.next().value.events();
                }
                last = sum;
            } catch (InvalidStateStoreException e) {
                store = null; // not queryable yet (rebalancing): ask again
            }
            return last;
        }
    }

    private static long waitFor(Counted counted, long target) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (counted.getAsLong() < target) {
            if (System.nanoTime() > deadline) throw new AssertionError("drain stalled at " + counted.last + " of " + target);
            Thread.sleep(2); // sampling interval of the progress
        }
        if (counted.atMark == 0) counted.atMark = counted.last;
        return System.nanoTime();
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** "materializer drain vs enricher: N.NNx" against the figure the enricher's benchmark left, if any. */
    static String ratioLine(double drain, String what) {
        if (!Files.isRegularFile(ENRICHER_FIGURE)) {
            return "materializer drain vs enricher: n/a (" + what + " " + String.format("%,.0f", drain) + " events/s; no " + ENRICHER_FIGURE.normalize()
                    + "; run `make bench` or `make bench-drain` to measure both in one run)";
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ENRICHER_FIGURE)) {
            p.load(r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        double enricher = Double.parseDouble(p.getProperty("events_per_second"));
        double best = Double.parseDouble(p.getProperty("best_round_events_per_second", "NaN"));
        Instant at = Instant.parse(p.getProperty("measured_at"));
        return String.format("materializer drain vs enricher: %.2fx (materializer %s %,.0f events/s, enricher %,.0f events/s,"
                        + " median of %s rounds measured %s, %d min before this figure; vs the enricher's best round, %,.0f events/s:"
                        + " %.2fx)", drain / enricher, what, drain, enricher, p.getProperty("rounds"), at,
                Duration.between(at, Instant.now()).toMinutes(), best, drain / best);
    }
}
