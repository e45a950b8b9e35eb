package casino.reporting.mirror;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mirror: one thread reads the wallet's event topic (read_committed, every partition by
 * assign(), no consumer group) into batches of up to N records or T ms; a writer thread writes each
 * through {@link MirrorStore}, rows and offsets in one Postgres transaction, while the next batch is
 * read. On start, and whenever the stored offsets are not what it expected, it seeks to the offsets
 * stored in Postgres: exactly once into Postgres. Postgres or Kafka down: it waits (exponential
 * back-off) and starts again from the stored offsets, reading again whatever was not written.
 * Known gaps: one instance (a second is fenced by the offsets, not shared with); partitions added
 * later are picked up on restart; dead letters are at least once.
 */
public final class MirrorConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MirrorConsumer.class);
    private static final Duration LAG_PERIOD = Duration.ofSeconds(1);
    private final String topic;
    private final int batchRecords;
    private final Duration linger;
    private final Duration retryMax;
    private final MirrorStore store;
    private final DeadLetters deadLetters;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Map<Integer, Long>> lag = new AtomicReference<>(Map.of());
    private final AtomicReference<Instant> asOf = new AtomicReference<>();
    private volatile boolean positioned;
    private volatile String problem = "starting";
    /** Set while the broker does not answer the lag check (polls then simply return nothing). */
    private volatile String kafkaProblem;
    /** Partition -> next offset as stored in Postgres (the fence of the next write). */
    private Map<Integer, Long> stored = new HashMap<>();
    /** Partition -> next offset committed to Postgres (for the lag). */
    private final Map<Integer, Long> committed = new ConcurrentHashMap<>();

    /** Registers the consumer's meters ({@code kafka_consumer_*}) and the lag ({@code reporting_mirror_lag_records}). */
    public void bind(casino.common.metrics.ServiceMetrics metrics) {
        metrics.kafkaClient(consumer);
        io.micrometer.core.instrument.Gauge.builder("reporting.mirror.lag", lag,
                        l -> l.get().values().stream().mapToLong(Long::longValue).sum())
                .baseUnit("records").description("records of the topic not yet mirrored into Postgres, all partitions")
                .register(metrics.registry());
    }
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "reporting-writer"));
    /** The write in flight, or null; the next batch is handed over once it has landed. */
    private Future<Void> inFlight;
    private List<TopicPartition> partitions = List.of();
    private MirrorBatch batch = new MirrorBatch();
    private long nextLagCheck;

    public MirrorConsumer(Config config, String topic, int batchRecords, Duration linger, Duration retryMax,
                          MirrorStore store, DeadLetters deadLetters) {
        this.topic = topic;
        this.batchRecords = batchRecords;
        this.linger = linger;
        this.retryMax = retryMax;
        this.store = store;
        this.deadLetters = deadLetters;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reporting-mirror");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchRecords);
        // a record of any size the broker holds can be fetched (the first batch of a fetch comes even when larger),
        // and is then refused by MirrorBatch's bound: these only size the fetches
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "reporting-mirror");
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long backoff = 100;
        while (running.get()) {
            try {
                if (!positioned) position();
                step();
                backoff = 100;
            } catch (WakeupException e) {
                if (running.get()) throw e;
            } catch (StaleOffsetsException e) {
                log.warn("{}; seeking to the offsets stored in Postgres", e.getMessage());
                positioned = false;
            } catch (SQLException | KafkaException | IllegalStateException e) {
                backoff = retry(backoff, e, false);
            } catch (RuntimeException e) {
                backoff = retry(backoff, e, true);
            }
        }
        try {
            awaitWrite(); // a batch in flight lands or fails whole before the service stops
        } catch (SQLException | RuntimeException e) {
            log.warn("last write failed; the stored offsets still cover it: {}", e.toString());
        }
        writer.shutdown();
        consumer.close(Duration.ofSeconds(2));
    }

    /** Waits, then starts again from the offsets stored in Postgres (what was read but not written is read again). */
    private long retry(long backoff, Exception e, boolean unexpected) {
        problem = e.toString();
        if (unexpected) log.error("mirror failed, retrying in {} ms", backoff, e);
        else log.warn("mirror paused, retrying in {} ms: {}", backoff, e.toString());
        positioned = false;
        sleep(backoff);
        return Math.min(backoff * 2, retryMax.toMillis());
    }

    /** Reads the stored offsets and seeks there; drops anything read but not written. */
    private void position() throws SQLException {
        positioned = false;
        try {
            awaitWrite(); // whatever it did is in the stored offsets read below
        } catch (SQLException | RuntimeException ignored) {
            // already being retried
        }
        batch = new MirrorBatch();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        if (infos == null || infos.isEmpty()) throw new IllegalStateException("topic " + topic + " has no partitions yet");
        partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).sorted(
                java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
        stored = store.load(partitions.stream().map(TopicPartition::partition).toList());
        committed.clear();
        committed.putAll(stored);
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            long next = stored.getOrDefault(tp.partition(), -1L);
            if (next < 0) consumer.seekToBeginning(List.of(tp));
            else consumer.seek(tp, next);
        }
        asOf.set(store.asOf());
        positioned = true;
        problem = null;
        log.info("mirror of {} positioned at the stored offsets {}", topic, new TreeMap<>(stored));
    }

    private void step() throws SQLException {
        long waitMs = batch.isEmpty() ? 100 : Math.max(1, Math.min(100, linger.toMillis() - batch.ageMillis()));
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(waitMs));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            batch.add(r);
            if (batch.records() >= batchRecords) flush(new HashMap<>(batch.nextOffsets));
        }
        boolean due = !batch.isEmpty() && (batch.records() >= batchRecords || batch.ageMillis() >= linger.toMillis());
        if (due) flush(positions());
        else if (records.isEmpty() && batch.isEmpty() && writeDone() && positionsMoved()) flush(positions()); // markers only
        if (inFlight != null && inFlight.isDone()) awaitWrite(); // a failed write is noticed without new records
        if (System.nanoTime() >= nextLagCheck) updateLag();
    }

    /**
     * Hands the batch to the writer thread (dead letters first, then rows and offsets) once the
     * previous write has landed, and starts a new batch: reading the next batch overlaps writing
     * this one. A failed write surfaces here or in {@link #step} and goes to {@link #retry}.
     */
    private void flush(Map<Integer, Long> next) throws SQLException {
        awaitWrite();
        MirrorBatch writing = batch;
        Map<Integer, Long> expected = new HashMap<>(stored);
        stored.putAll(next); // the fence of the next write: writes are sequential, and a failure re-reads them
        inFlight = writer.submit(() -> {
            if (!writing.rejected.isEmpty()) deadLetters.send(writing.rejected);
            store.write(writing, expected, next, deadLetters::send); // rows Postgres refuses: dead letters too
            committed.putAll(next);
            writing.newestTimestamps.values().stream().max(Long::compare)
                    .ifPresent(ts -> asOf.accumulateAndGet(Instant.ofEpochMilli(ts), (a, b) -> a == null || b.isAfter(a) ? b : a));
            problem = null;
            return null;
        });
        batch = new MirrorBatch();
    }

    private boolean writeDone() {
        return inFlight == null || inFlight.isDone();
    }

    /** Waits for the write in flight; its failure is thrown here. */
    private void awaitWrite() throws SQLException {
        if (inFlight == null) return;
        Future<Void> f = inFlight;
        inFlight = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case RuntimeException rt -> throw rt;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a write", e);
        }
    }

    /** Each partition's position: past the batch and any transaction markers after it. */
    private Map<Integer, Long> positions() {
        Map<Integer, Long> next = new HashMap<>();
        for (TopicPartition tp : partitions) next.put(tp.partition(), consumer.position(tp, Duration.ofSeconds(5)));
        return next;
    }

    /** Whether only markers were read since the last write (the stored offsets lag behind the positions). */
    private boolean positionsMoved() {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, Duration.ofSeconds(5)) != stored.getOrDefault(tp.partition(), -1L)) return true;
        }
        return false;
    }

    private void updateLag() {
        nextLagCheck = System.nanoTime() + LAG_PERIOD.toNanos();
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(2));
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(2));
            Map<Integer, Long> now = new TreeMap<>();
            for (TopicPartition tp : partitions) {
                long from = Math.max(committed.getOrDefault(tp.partition(), -1L), starts.getOrDefault(tp, 0L));
                now.put(tp.partition(), Math.max(0, ends.getOrDefault(tp, 0L) - from));
            }
            lag.set(now);
            kafkaProblem = null;
        } catch (KafkaException e) {
            kafkaProblem = "kafka: no end offsets within 2 s: " + e;
            log.debug("no end offsets: {}", e.toString());
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms); // back-off between attempts while Postgres or Kafka is down
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    /** Records of each partition not yet in Postgres (as of the last check, at most a second old). */
    public Map<Integer, Long> lag() {
        return lag.get();
    }

    /** The time of the newest event applied, or null before the first. */
    public Instant asOf() {
        return asOf.get();
    }

    /** Null when positioned, the last write landed and the broker answers, else what is wrong. */
    public String problem() {
        if (positioned && problem == null) return kafkaProblem;
        return positioned ? problem : (problem == null ? "positioning" : problem);
    }

    public boolean positioned() {
        return positioned;
    }

    @Override
    public void close() throws InterruptedException {
        if (running.compareAndSet(true, false)) {
            consumer.wakeup();
            thread.join(15_000);
        }
    }
}
