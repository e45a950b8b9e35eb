package casino.materializer.query;

import casino.common.http.ApiException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Computes the global snapshot at most once per time-to-live, however many requests ask: the
 * first caller after expiry computes (fanning out to the other instances), concurrent callers wait
 * for that one answer. A 503 is remembered for the same time. Figures are therefore at most one TTL
 * old; a TTL of zero computes on every call.
 */
public final class SnapshotCache implements Supplier<Snapshot> {
    private final Supplier<Snapshot> source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private volatile Entry entry;

    private record Entry(long atNanos, Snapshot snapshot, ApiException error) {}

    public SnapshotCache(Supplier<Snapshot> source, Duration ttl, LongSupplier nanoClock) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    @Override
    public Snapshot get() {
        Entry e = entry;
        if (e == null || nanoClock.getAsLong() - e.atNanos >= ttlNanos) {
            synchronized (this) {
                e = entry;
                if (e == null || nanoClock.getAsLong() - e.atNanos >= ttlNanos) {
                    e = compute();
                    entry = e;
                }
            }
        }
        if (e.error != null) {
            throw new ApiException(e.error.status(), e.error.getMessage(), e.error.field(), e.error.headers());
        }
        return e.snapshot;
    }

    private Entry compute() {
        long now = nanoClock.getAsLong();
        try {
            return new Entry(now, source.get(), null);
        } catch (ApiException e) {
            return new Entry(now, null, e);
        }
    }
}
