package casino.enricher.currency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The cache on a manual clock with a direct executor, so every call it makes is observable. */
class RateCacheTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Long> callTimes = new ArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger version = new AtomicInteger();
    private final RateSource source = () -> {
        calls.incrementAndGet();
        callTimes.add(nanos.get());
        if (down.get()) throw new IOException("FX API down");
        return new FxRates(Map.of("USD", new BigDecimal("1.0" + version.incrementAndGet()), "EUR", BigDecimal.ONE), 0);
    };
    private final RateCache cache = RateCache.create(source, Duration.ofSeconds(60), Duration.ofMinutes(5), ticker, Runnable::run);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(RateCache.class)).addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(RateCache.class)).detachAppender(logs);
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private BigDecimal usd() {
        return cache.usable().orElseThrow().rate("USD").orElseThrow();
    }

    @Test
    void givenReadsOneSecondApart_whenTheApiAnswers_thenOneCallServesThemAndAMinuteLaterAnotherCallIsMade() {
        BigDecimal first = usd();
        advance(Duration.ofSeconds(1));
        assertEquals(first, usd());
        advance(Duration.ofSeconds(58));
        usd();
        assertEquals(1, calls.get(), "reads within 60 s share one call");

        advance(Duration.ofSeconds(2));
        usd();
        assertEquals(2, calls.get(), "a read after 60 s makes exactly one new call");
        assertEquals(new BigDecimal("1.02"), usd());
        assertEquals(2, calls.get());
    }

    @Test
    void givenTheApiFails_whenReadWithinFiveMinutesOfTheLastGoodRates_thenTheyAreUsedAndAfterwardsNothingIs() {
        BigDecimal good = usd();
        down.set(true);
        advance(Duration.ofSeconds(61));
        assertEquals(good, usd(), "stale but within 5 minutes");
        assertEquals(RateCache.State.STALE, cache.state());

        advance(Duration.ofSeconds(4 * 60 - 2));
        assertEquals(good, usd());
        advance(Duration.ofSeconds(2));
        assertTrue(cache.usable().isEmpty(), "older than 5 minutes: no guess");
        assertEquals(RateCache.State.UNAVAILABLE, cache.state());

        down.set(false);
        for (int i = 0; i < 100 && cache.usable().isEmpty(); i++) advance(Duration.ofSeconds(1));
        assertTrue(cache.usable().isPresent(), "resumes by itself once the API answers");
        assertEquals(RateCache.State.FRESH, cache.state());
    }

    @Test
    void givenTheApiStaysDown_whenReadEverySecond_thenCallsBackOffExponentiallyUpToOneMinute() {
        down.set(true);
        for (int s = 0; s < 600; s++) {
            cache.usable();
            advance(Duration.ofSeconds(1));
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < callTimes.size(); i++) gaps.add((callTimes.get(i) - callTimes.get(i - 1)) / 1_000_000_000L);
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L), gaps.subList(0, 7));
        assertTrue(gaps.stream().allMatch(g -> g <= 60), "never more than a minute between attempts: " + gaps);
        assertTrue(calls.get() < 20, "600 reads made only " + calls.get() + " calls");
    }

    @Test
    void givenAnOutageAndARecovery_whenReadPerEvent_thenEachStateChangeIsLoggedOnce() {
        usd();
        down.set(true);
        for (int s = 0; s < 400; s++) {
            cache.usable();
            advance(Duration.ofSeconds(1));
        }
        down.set(false);
        for (int s = 0; s < 120; s++) {
            cache.usable();
            advance(Duration.ofSeconds(1));
        }
        List<String> messages = logs.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage().split(" ")[0] + " " + e.getFormattedMessage().split(" ")[2])
                .toList();
        assertEquals(4, messages.size(), "starting->fresh, fresh->stale, stale->unavailable, unavailable->fresh: " + messages);
        assertFalse(cache.usable().isEmpty());
    }
}
