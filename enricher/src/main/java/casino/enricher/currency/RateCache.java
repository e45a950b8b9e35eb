package casino.enricher.currency;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FX rates cached with Caffeine: a successful answer is kept for {@code ttl} (60 s), so the API is
 * called at most once per ttl while it answers; the call runs on a background executor and readers
 * keep the previous rates meanwhile, so the stream never waits for HTTP. A failed call is cached as
 * a failure for a backoff of 1 s, 2 s, 4 s ... up to ttl; the last good rates stay usable until they
 * are {@code maxStale} (5 min) old, after which {@link #usable()} is empty until the API answers
 * again. Each change of {@link State} is logged once. Gap: one replica's view, not shared.
 */
public final class RateCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RateCache.class);
    private static final String KEY = "EUR";
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    public enum State { STARTING, FRESH, STALE, UNAVAILABLE }

    /** What the last call gave: the last good rates (if any) and how many calls failed since. */
    private record Snapshot(FxRates lastGood, int failures, String error) {}

    private final RateSource source;
    private final Ticker ticker;
    private final Duration ttl;
    private final Duration maxStale;
    private final ExecutorService ownExecutor;
    private final AsyncLoadingCache<String, Snapshot> cache;
    private final AtomicReference<Snapshot> latest = new AtomicReference<>(new Snapshot(null, 0, null));
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);

    private RateCache(RateSource source, Duration ttl, Duration maxStale, Ticker ticker, Executor executor,
                      ExecutorService ownExecutor) {
        this.source = source;
        this.ttl = ttl;
        this.maxStale = maxStale;
        this.ticker = ticker;
        this.ownExecutor = ownExecutor;
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(executor)
                .expireAfter(new Expiry<String, Snapshot>() {
                    @Override
                    public long expireAfterCreate(String key, Snapshot s, long now) {
                        return keepFor(s).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Snapshot s, long now, long current) {
                        return keepFor(s).toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Snapshot s, long now, long current) {
                        return current;
                    }
                })
                .buildAsync((key, exec) -> CompletableFuture.supplyAsync(this::load, exec));
    }

    /**
     * Production cache: real time, HTTP calls on one background thread, which also looks at the
     * cache every second, so the rates are refreshed when due even while no event needs them (a
     * quiet spell must not make the next event wait or look like an outage).
     */
    public static RateCache create(RateSource source, Duration ttl, Duration maxStale) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fx-refresh");
            t.setDaemon(true);
            return t;
        });
        RateCache cache = new RateCache(source, ttl, maxStale, Ticker.systemTicker(), executor, executor);
        executor.scheduleWithFixedDelay(cache::usable, 1, 1, TimeUnit.SECONDS);
        return cache;
    }

    /** A cache on a given clock and executor (tests: a manual ticker, a direct executor). */
    public static RateCache create(RateSource source, Duration ttl, Duration maxStale, Ticker ticker, Executor executor) {
        return new RateCache(source, ttl, maxStale, ticker, executor, null);
    }

    private Duration keepFor(Snapshot s) {
        if (s.failures() == 0) return ttl;
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(s.failures() - 1, 20));
        return backoff.compareTo(ttl) > 0 ? ttl : backoff;
    }

    private Snapshot load() {
        Snapshot previous = latest.get();
        Snapshot next;
        try {
            next = new Snapshot(source.fetch().fetchedAt(ticker.read()), 0, null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            next = new Snapshot(previous.lastGood(), previous.failures() + 1, e.toString());
        }
        latest.set(next);
        updateState(next);
        return next;
    }

    /**
     * The rates to use now, or empty when there are none usable (never fetched, or the last good
     * ones are older than maxStale). Never blocks: it only starts a background call when due.
     */
    public Optional<FxRates> usable() {
        cache.get(KEY); // starts a call if the cached answer has expired; does not wait for it
        Snapshot s = latest.get();
        State now = updateState(s);
        return now == State.FRESH || now == State.STALE ? Optional.of(s.lastGood()) : Optional.empty();
    }

    /** Blocks until the first call has finished (successfully or not), at most {@code timeout}. */
    public boolean awaitFirstAnswer(Duration timeout) {
        try {
            cache.get(KEY).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return false;
        }
        return state.get() == State.FRESH;
    }

    public State state() {
        return updateState(latest.get());
    }

    private State updateState(Snapshot s) {
        State now;
        if (s.lastGood() == null) {
            now = s.failures() == 0 ? State.STARTING : State.UNAVAILABLE;
        } else if (ticker.read() - s.lastGood().fetchedAtNanos() > maxStale.toNanos()) {
            now = State.UNAVAILABLE;
        } else {
            now = s.failures() == 0 ? State.FRESH : State.STALE;
        }
        State before = state.getAndSet(now);
        if (before != now) logChange(before, now, s);
        return now;
    }

    private void logChange(State before, State now, Snapshot s) {
        switch (now) {
            case FRESH -> log.info("FX rates fresh (was {})", before);
            case STALE -> log.warn("FX API failing ({}); using the last good rates for at most {}", s.error(), maxStale);
            case UNAVAILABLE -> log.error("FX rates unusable ({}): holding currency-dependent events, retrying with backoff up to {}",
                    s.lastGood() == null ? "no answer yet: " + s.error() : "last good rates older than " + maxStale, ttl);
            case STARTING -> { }
        }
    }

    @Override
    public void close() {
        if (ownExecutor != null) ownExecutor.shutdownNow();
    }
}
