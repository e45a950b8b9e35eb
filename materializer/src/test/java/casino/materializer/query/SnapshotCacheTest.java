package casino.materializer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.http.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnapshotCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();

    @Test
    void givenRequestsWithinTheTtl_whenAsked_thenComputedOnceAndRecomputedAfterExpiry() {
        SnapshotCache cache = new SnapshotCache(this::snapshot, Duration.ofMillis(100), nanos::get);

        Snapshot first = cache.get();
        nanos.addAndGet(Duration.ofMillis(99).toNanos());
        assertSame(first, cache.get());
        assertEquals(1, computed.get());

        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        cache.get();
        assertEquals(2, computed.get());
    }

    @Test
    void givenARebalance_whenAsked_thenThe503IsRememberedForTheTtl() {
        SnapshotCache cache = new SnapshotCache(() -> {
            computed.incrementAndGet();
            throw ApiException.unavailable("rebalancing", 1);
        }, Duration.ofMillis(100), nanos::get);

        ApiException first = assertThrows(ApiException.class, cache::get);
        ApiException second = assertThrows(ApiException.class, cache::get);

        assertEquals(503, second.status());
        assertEquals("1", second.headers().get("Retry-After"));
        assertEquals(first.getMessage(), second.getMessage());
        assertEquals(1, computed.get());
    }

    private Snapshot snapshot() {
        computed.incrementAndGet();
        return Aggregates.combine(List.of(), 0);
    }
}
