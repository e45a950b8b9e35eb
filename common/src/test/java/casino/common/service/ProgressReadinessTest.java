package casino.common.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.http.ReadinessCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The progress rule per partition, and /ready's time bound over every check. */
class ProgressReadinessTest {
    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    /** A clock the test moves. */
    private static final class Moving extends Clock {
        Instant now = Instant.parse("2026-12-07T18:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void givenOnePartitionStuckWithLagWhileAnotherAdvances_whenPastTheBound_thenNotReady() {
        Moving clock = new Moving();
        ReadinessChecks.Progress progress = new ReadinessChecks.Progress(Duration.ofSeconds(60), clock);
        Map<TopicPartition, Long> ends = Map.of(P0, 1_000L, P1, 1_000L);
        assertTrue(progress.check(Map.of(P0, 10L, P1, 10L), ends, (from, to) -> true).ready());
        for (long t = 1; t <= 7; t++) { // P1 commits every 10 s, P0 never moves past its poison record
            clock.now = clock.now.plusSeconds(10);
            var status = progress.check(Map.of(P0, 10L, P1, 10L + t * 10), ends, (from, to) -> true);
            if (t < 7) assertTrue(status.ready(), "within the bound at " + t * 10 + " s: " + status);
            else assertFalse(status.ready(), "P0 stalled past the bound although P1 advances: " + status);
        }
    }

    @Test
    void givenAStalledPartitionWithOnlyTransactionMarkersLeft_thenReady() {
        Moving clock = new Moving();
        ReadinessChecks.Progress progress = new ReadinessChecks.Progress(Duration.ofSeconds(60), clock);
        progress.check(Map.of(P0, 10L), Map.of(P0, 11L), (from, to) -> false);
        clock.now = clock.now.plusSeconds(61);
        assertTrue(progress.check(Map.of(P0, 10L), Map.of(P0, 11L), (from, to) -> false).ready());
    }

    @Test
    void givenACheckThatHangs_whenReadinessIsAsked_thenAnsweredWithinTheDeadlineAsNotReady() {
        ReadinessCheck hangs = ReadinessCheck.of("database", () -> {
            try {
                Thread.sleep(30_000); // a database that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ReadinessCheck.Status(true, "late");
        });
        ReadinessCheck fine = ReadinessCheck.of("broker", () -> new ReadinessCheck.Status(true, "ok"));
        long start = System.nanoTime();
        var results = ReadinessCheck.all(List.of(hangs, fine), Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 1_000, tookMs + " ms");
        assertFalse(results.get("database").ready(), results.toString());
        assertTrue(results.get("broker").ready(), results.toString());
    }
}
