package casino.common.service;

import casino.common.http.ReadinessCheck;
import casino.common.http.ReadinessCheck.Status;
import casino.common.kafka.StreamsService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * The readiness checks a Kafka Streams service combines: its Streams client RUNNING (a rebalance
 * tolerated for a bound), the broker reachable, and progress (lag that commits nothing for a bound
 * is not ready, e.g. a stream thread that dies on a poison record again and again). Each check is
 * cheap enough for a probe every second: one metadata round trip at most. Known gap: progress reads
 * this instance's task metadata (committed and end offsets), so it sees its own partitions only.
 */
public final class ReadinessChecks {
    private ReadinessChecks() {}

    /**
     * RUNNING is ready; REBALANCING is ready for up to {@code rebalanceBound} (then not: a client
     * stuck in a rebalance serves nothing); any other state, or no client yet, is not.
     */
    public static ReadinessCheck streams(Supplier<StreamsService> streams, Duration rebalanceBound, Clock clock) {
        return ReadinessCheck.of("kafka-streams", () -> {
            StreamsService s = streams.get();
            if (s == null) return new Status(false, "starting");
            KafkaStreams.State state = s.streams().state();
            Duration in = Duration.between(s.stateSince(), clock.instant());
            return switch (state) {
                case RUNNING -> new Status(true, "RUNNING");
                case REBALANCING -> new Status(in.compareTo(rebalanceBound) <= 0,
                        "REBALANCING for " + in.toSeconds() + " s (bound " + rebalanceBound.toSeconds() + " s)");
                default -> new Status(false, state.name());
            };
        });
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
     * Not ready when this instance has lag (records of its tasks it has not committed) and committed
     * nothing for {@code bound}; an idle instance (no lag) is ready.
     */
    public static ReadinessCheck progress(Supplier<StreamsService> streams, Duration bound, Clock clock) {
        Progress progress = new Progress(bound, clock);
        return ReadinessCheck.of("progress", () -> {
            StreamsService s = streams.get();
            return s == null ? new Status(false, "starting") : progress.check(s.streams().metadataForLocalThreads());
        });
    }

    /** The highest committed offset seen per partition, the lag seen last, and when a commit last advanced. */
    static final class Progress {
        private final Duration bound;
        private final Clock clock;
        private final Map<TopicPartition, Long> committed = new HashMap<>();
        private long lag;
        private Instant lastAdvance;

        Progress(Duration bound, Clock clock) {
            this.bound = bound;
            this.clock = clock;
            this.lastAdvance = clock.instant();
        }

        synchronized Status check(Collection<ThreadMetadata> threads) {
            Instant now = clock.instant();
            boolean anyTask = false;
            boolean advanced = false;
            long lagNow = 0;
            for (ThreadMetadata thread : threads) {
                for (TaskMetadata task : thread.activeTasks()) {
                    for (TopicPartition tp : task.topicPartitions()) {
                        anyTask = true;
                        long position = Math.max(0, task.committedOffsets().getOrDefault(tp, -1L));
                        long end = task.endOffsets().getOrDefault(tp, -1L);
                        if (end >= 0) lagNow += Math.max(0, end - position);
                        Long before = committed.put(tp, position);
                        if (before != null && position > before) advanced = true;
                        if (before != null && position < before) committed.put(tp, before); // moved back: not progress
                    }
                }
            }
            // while tasks move (a replaced thread, a rebalance) the last lag stands
            if (anyTask) lag = lagNow;
            if (advanced || (anyTask && lagNow == 0)) lastAdvance = now;
            Duration stalled = Duration.between(lastAdvance, now);
            boolean ready = lag == 0 || stalled.compareTo(bound) <= 0;
            return new Status(ready, "lag " + lag + ", no commit for " + stalled.toMillis() + " ms (bound "
                    + bound.toMillis() + " ms)");
        }
    }
}
