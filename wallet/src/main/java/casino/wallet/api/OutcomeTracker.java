package casino.wallet.api;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ApiException;
import casino.wallet.ledger.EventRecords;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.WalletEvent;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes for HTTP: follows every partition of wallet.events (read_committed, so only
 * outcomes whose state changes are committed) and completes whoever waits for a request id. Recent
 * outcomes are kept for {@code retention} (re-read from the topic on start), so any instance can
 * answer {@code wait_for} for a request sent through another. A record it cannot read is skipped (WARN,
 * {@code wallet_outcome_tracker_skipped_total}); any other failure of its loop restarts the loop after a
 * back-off of 100 ms doubling to 5 s ({@code wallet_outcome_tracker_restarts_total}), so the tracker stops only
 * when closed. Known gap: request ids older than the
 * retention, or partitions added while running, are not seen.
 */
public final class OutcomeTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutcomeTracker.class);
    private final KafkaConsumer<String, byte[]> consumer;
    /** Request id to the outcome record's value: parsed only for a waiter (one array per outcome to keep, not a message tree). */
    private final Cache<String, byte[]> outcomes;
    private final Cache<String, CompletableFuture<WalletEvent>> waiting;
    /** "walletId/fingerprint" of the committed outcomes read within the retention: where a replay is worth looking up. */
    private final Cache<String, Boolean> fingerprints;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicLong skipped = new java.util.concurrent.atomic.AtomicLong();
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private final Thread thread;
    private volatile WalletMeters meters = WalletMeters.NONE;

    public OutcomeTracker(Config config, String topic, Duration retention) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        outcomes = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(500_000).build();
        waiting = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
        fingerprints = Caffeine.newBuilder().expireAfterWrite(retention).maximumSize(500_000).build();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        long since = Instant.now().minus(retention).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp o = offsets.get(p);
            consumer.seek(p, o == null ? ends.get(p) : o.offset());
        }
        thread = new Thread(this::run, "wallet-outcomes");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        try {
            while (!closed.get()) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) read(r);
                    backoff = FIRST_BACKOFF;
                } catch (WakeupException e) {
                    if (closed.get()) return;
                    backoff = restart(e, backoff);
                } catch (RuntimeException e) {
                    backoff = restart(e, backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Handles one record; a record that cannot be read is skipped (WARN, bounded, and counted), never fatal. */
    private void read(ConsumerRecord<String, byte[]> r) {
        try {
            List<EventRecords.Answer> answers = EventRecords.answers(r.key(), r.headers(), r.value());
            // external events (TransactionCreated, ...) answer no request: only "Outcome" and "Outcomes" records do
            if (answers.isEmpty() && EventRecords.isOutcome(r.headers())) {
                skip(r, "an outcome record without a request id or a readable value");
                return;
            }
            for (EventRecords.Answer a : answers) {
                // publish before completing: a waiter registers before it looks here, so none is missed
                outcomes.put(a.requestId(), a.value());
                if (!a.fingerprint().isEmpty() && a.walletId() != null) {
                    fingerprints.put(a.walletId() + "/" + a.fingerprint(), Boolean.TRUE);
                }
                CompletableFuture<WalletEvent> f = waiting.asMap().remove(a.requestId());
                if (f != null) complete(f, a.value());
            }
        } catch (RuntimeException e) {
            skip(r, e.toString());
        }
    }

    private void skip(ConsumerRecord<String, byte[]> r, String why) {
        meters.trackerSkipped();
        long n = skipped.incrementAndGet();
        if (n <= 100 || n % 1000 == 0) {
            log.warn("outcome tracker skipped {}-{}@{} ({} skipped so far): {}", r.topic(), r.partition(), r.offset(), n, why);
        }
    }

    /** Counts and logs a failure of the loop, waits {@code backoff} (or until closed) and returns the next back-off. */
    private Duration restart(RuntimeException e, Duration backoff) throws InterruptedException {
        meters.trackerRestarted();
        log.error("outcome tracker failed; restarting its loop in {} ms", backoff.toMillis(), e);
        if (closing.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) return backoff;
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    /** Makes the loop's next poll fail, as any failure of the consumer would (tests of the restart). */
    void wakeUp() {
        consumer.wakeup();
    }

    private static WalletEvent parse(byte[] value) {
        try {
            return WalletEvent.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static void complete(CompletableFuture<WalletEvent> f, byte[] value) {
        WalletEvent event = parse(value);
        if (event != null) f.complete(event);
        else f.completeExceptionally(new IllegalStateException("unreadable outcome"));
    }

    /** A future completed with the outcome of the request; call before sending it. */
    public CompletableFuture<WalletEvent> expect(String requestId) {
        CompletableFuture<WalletEvent> f = waiting.asMap().computeIfAbsent(requestId, k -> new CompletableFuture<>());
        byte[] known = outcomes.getIfPresent(requestId);
        if (known != null) complete(f, known);
        return f;
    }

    /** Whether this tracker has read a committed outcome of a command with this fingerprint for this wallet (within the retention). */
    public boolean seen(String walletId, String fingerprint) {
        return fingerprints.getIfPresent(walletId + "/" + fingerprint) != null;
    }

    /** Whether this tracker has read the request's outcome: its transaction is committed (read_committed). */
    public boolean committed(String requestId) {
        return outcomes.getIfPresent(requestId) != null;
    }

    /** An outcome answered without the ledger (a replay from the owner's store), counted as {@link #await} counts. */
    void answeredLocally(Command command, WalletEvent event, long startNanos) {
        meters.answered(command, event, System.nanoTime() - startNanos);
    }

    /** The outcome of the request, waiting at most {@code timeout} for it. */
    public Optional<WalletEvent> await(String requestId, Duration timeout) {
        return await(expect(requestId), timeout);
    }

    /** Where the wallet's domain meters are recorded. */
    WalletMeters meters() {
        return meters;
    }

    /** Where answered commands are counted (default: nowhere). */
    public void meters(WalletMeters meters) {
        this.meters = meters;
    }

    /** {@link #await(CompletableFuture, Duration)}, counted by the command's kind and result, and timed. */
    public Optional<WalletEvent> await(Command command, CompletableFuture<WalletEvent> future, Duration timeout) {
        long start = System.nanoTime();
        try {
            Optional<WalletEvent> event = await(future, timeout);
            meters.answered(command, event.orElse(null), System.nanoTime() - start);
            return event;
        } catch (RuntimeException e) {
            meters.failed(command, System.nanoTime() - start);
            throw e;
        }
    }

    public static Optional<WalletEvent> await(CompletableFuture<WalletEvent> future, Duration timeout) {
        try {
            return Optional.of(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException refused) throw refused; // the broker did not take it
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            consumer.wakeup();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
