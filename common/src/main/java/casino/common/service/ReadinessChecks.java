package casino.common.service;

import casino.common.http.ReadinessCheck;
import casino.common.http.ReadinessCheck.Status;
import casino.common.kafka.StreamsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The readiness checks a Kafka Streams service combines: its Streams client RUNNING (a rebalance
 * tolerated for a bound), the broker reachable, and progress (lag that commits nothing for a bound
 * is not ready, e.g. a stream thread that dies on a poison record again and again). Each check is
 * cheap enough for a probe every second: a few metadata round trips. Progress looks at the partitions
 * of this instance's tasks only (each instance answers for its own work).
 */
public final class ReadinessChecks {
    private ReadinessChecks() {}

    /**
     * RUNNING is ready; REBALANCING after the client has once been RUNNING is ready for up to
     * {@code rebalanceBound} (then not: a client stuck in a rebalance serves nothing); the first
     * rebalance of a start is not ready, nor is any other state, nor no client yet.
     */
    public static ReadinessCheck streams(Supplier<StreamsService> streams, Duration rebalanceBound, Clock clock) {
        return ReadinessCheck.of("kafka-streams", () -> {
            StreamsService s = streams.get();
            if (s == null) return new Status(false, "starting");
            return streamsStatus(s.streams().state(), s.hasRun(), Duration.between(s.stateSince(), clock.instant()),
                    rebalanceBound);
        });
    }

    /** The rule of {@link #streams}: a state, whether the client has run before, and how long it has been in the state. */
    static Status streamsStatus(KafkaStreams.State state, boolean hasRun, Duration in, Duration rebalanceBound) {
        return switch (state) {
            case RUNNING -> new Status(true, "RUNNING");
            case REBALANCING -> hasRun
                    ? new Status(in.compareTo(rebalanceBound) <= 0,
                            "REBALANCING for " + in.toSeconds() + " s (bound " + rebalanceBound.toSeconds() + " s)")
                    : new Status(false, "starting: first rebalance for " + in.toSeconds() + " s");
            default -> new Status(false, state.name());
        };
    }

    /** The broker answers a metadata request within {@code timeout}. */
    public static ReadinessCheck broker(Admin admin, Duration timeout) {
        return broker(() -> admin, timeout);
    }

    /** As {@link #broker(Admin, Duration)}, with an admin client made later (none yet: not ready). */
    public static ReadinessCheck broker(Supplier<Admin> admins, Duration timeout) {
        return ReadinessCheck.of("kafka-broker", () -> {
            Admin admin = admins.get();
            if (admin == null) return new Status(false, "starting");
            try {
                int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                        .nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
                return new Status(nodes > 0, nodes + " broker(s)");
            } catch (ExecutionException | TimeoutException e) {
                return new Status(false, "unreachable: " + (e.getCause() == null ? e : e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Status(false, "interrupted");
            }
        });
    }

    /**
     * Not ready when the partitions of this instance's tasks have lag (their end offsets are past the
     * group's committed offsets) and no committed offset advanced for {@code bound}; an idle instance
     * (no lag) is ready. Reads the offsets with {@code admin} (two round trips).
     */
    public static ReadinessCheck progress(Supplier<StreamsService> streams, Supplier<Admin> admins, Duration bound,
                                          Clock clock) {
        Progress progress = new Progress(bound, clock);
        return ReadinessCheck.of("progress", () -> {
            StreamsService s = streams.get();
            Admin admin = admins.get();
            if (s == null || admin == null) return new Status(false, "starting");
            Set<TopicPartition> partitions = progress.partitions(s.streams().metadataForLocalThreads());
            if (partitions.isEmpty()) return progress.check(Map.of(), Map.of(), (from, to) -> false);
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.applicationId())
                        .partitionsToOffsetAndMetadata().get(OFFSETS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                        .get(OFFSETS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, Long> positions = new HashMap<>();
                Map<TopicPartition, Long> endOffsets = new HashMap<>();
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata c = committed.get(tp);
                    positions.put(tp, c == null ? 0L : c.offset());
                    endOffsets.put(tp, ends.get(tp).offset());
                }
                return progress.check(positions, endOffsets,
                        (from, to) -> PendingRecords.any(s.adminConfigs(), from, to, OFFSETS_TIMEOUT));
            } catch (ExecutionException | TimeoutException e) {
                return new Status(false, "offsets unknown: " + (e.getCause() == null ? e : e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Status(false, "interrupted");
            }
        });
    }

    private static final Duration OFFSETS_TIMEOUT = Duration.ofSeconds(2);

    /** The highest committed offset seen per partition, and when each last advanced (or had no lag). */
    static final class Progress {
        private final Duration bound;
        private final Clock clock;
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private final Map<TopicPartition, Instant> lastAdvance = new HashMap<>();
        private final Instant created;
        private Set<TopicPartition> partitions = Set.of();

        Progress(Duration bound, Clock clock) {
            this.bound = bound;
            this.clock = clock;
            this.created = clock.instant();
        }

        /** The input partitions of the active tasks; while tasks move (a replaced thread), the last ones. */
        synchronized Set<TopicPartition> partitions(Collection<ThreadMetadata> threads) {
            Set<TopicPartition> now = new HashSet<>();
            for (ThreadMetadata thread : threads) {
                for (TaskMetadata task : thread.activeTasks()) now.addAll(task.topicPartitions());
            }
            if (!now.isEmpty()) partitions = Set.copyOf(now);
            return partitions;
        }

        /**
         * Not ready when any partition has lag and its committed offset has not advanced for longer
         * than the bound (other partitions moving on do not hide it). {@code pending} tells whether
         * records (not only transaction markers, which a consumer skips without committing past them)
         * lie between the committed offsets and the ends; it is asked only for stalled partitions.
         */
        synchronized Status check(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> ends,
                                  BiPredicate<Map<TopicPartition, Long>, Map<TopicPartition, Long>> pending) {
            Instant now = clock.instant();
            long lag = 0;
            Map<TopicPartition, Long> stalled = new HashMap<>();
            Duration longest = Duration.ZERO;
            for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
                TopicPartition tp = e.getKey();
                long partitionLag = Math.max(0, ends.getOrDefault(tp, 0L) - e.getValue());
                lag += partitionLag;
                Long before = committed.get(tp);
                if (before == null || e.getValue() > before) committed.put(tp, e.getValue());
                if (partitionLag == 0 || (before != null && e.getValue() > before)) lastAdvance.put(tp, now);
                Duration since = Duration.between(lastAdvance.getOrDefault(tp, created), now);
                if (partitionLag > 0 && since.compareTo(bound) > 0) {
                    stalled.put(tp, e.getValue());
                    if (since.compareTo(longest) > 0) longest = since;
                }
            }
            if (!stalled.isEmpty() && !pending.test(stalled, ends)) { // only markers left: idle, not stalled
                stalled.keySet().forEach(tp -> lastAdvance.put(tp, now));
                return new Status(true, "lag 0 (" + lag + " transaction marker offsets)");
            }
            if (stalled.isEmpty()) {
                return new Status(true, "lag " + lag + ", every partition with lag committed within " + bound.toMillis() + " ms");
            }
            return new Status(false, "lag " + lag + ", " + stalled.size() + " partition(s) with lag and no commit for "
                    + longest.toMillis() + " ms (bound " + bound.toMillis() + " ms): " + stalled.keySet());
        }
    }
}
