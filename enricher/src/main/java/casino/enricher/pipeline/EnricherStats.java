package casino.enricher.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters shown on {@code /ready}: dead letters sent, events enriched, events held while a
 * dependency is down. Holding and releasing are logged once per change, not once per event.
 * Gap: counts are per process and count again a record re-processed after an aborted transaction.
 */
public final class EnricherStats {
    private static final Logger log = LoggerFactory.getLogger(EnricherStats.class);
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder enriched = new LongAdder();
    private final AtomicLong held = new AtomicLong();

    void deadLetter() {
        deadLetters.increment();
    }

    void enriched() {
        enriched.increment();
    }

    void held(long delta, String reason) {
        long before = held.getAndAdd(delta);
        long after = before + delta;
        if (before == 0 && after > 0) log.warn("holding events until dependencies recover: {}", reason);
        if (before > 0 && after == 0) log.info("dependencies recovered: every held event was emitted");
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    public long enrichedCount() {
        return enriched.sum();
    }

    public long heldNow() {
        return held.get();
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dead_letters", deadLetters());
        m.put("enriched", enrichedCount());
        m.put("held", heldNow());
        return m;
    }
}
