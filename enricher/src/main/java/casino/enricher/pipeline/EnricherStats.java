package casino.enricher.pipeline;

import casino.common.event.IgnoredFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters shown on {@code /ready} and as meters ({@code casino_events_enriched_total},
 * {@code casino_events_dead_lettered_total{reason}}, {@code casino_events_pending},
 * {@code casino_events_fields_ignored_total{type,field}}): dead letters sent, events enriched (and how many of them on
 * arrival, with their poll's lookup), events pending (in a batch or held while a dependency is down). Holding and recovering are logged once per change.
 * Gap: counts are per process and count again a record re-processed after an aborted transaction.
 */
public final class EnricherStats {
    private static final Logger log = LoggerFactory.getLogger(EnricherStats.class);
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder enriched = new LongAdder();
    private final LongAdder onArrival = new LongAdder();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger waitingTasks = new AtomicInteger();
    private final MeterRegistry registry;

    /** Counters without meters (tests of the topology). */
    public EnricherStats() {
        this(new CompositeMeterRegistry());
    }

    /** Counters also registered as meters in {@code registry}. */
    public EnricherStats(MeterRegistry registry) {
        this.registry = registry;
        FunctionCounter.builder("casino.events.enriched", enriched, LongAdder::sum)
                .description("events enriched and emitted").register(registry);
        Gauge.builder("casino.events.pending", pending, AtomicLong::get)
                .description("events consumed and not yet emitted (a batch, or held during an outage)").register(registry);
        Gauge.builder("casino.enricher.waiting", waitingTasks, w -> w.get() > 0 ? 1 : 0)
                .description("1 while events are held because FX rates or Postgres are unavailable").register(registry);
    }

    /** Counts each field an event's type does not use into {@code casino_events_fields_ignored_total{type,field}}. */
    IgnoredFields ignoredFields() {
        return IgnoredFields.counter(registry);
    }

    /** A record went to the dead-letter topic for {@code reason} (a rejection code). */
    void deadLetter(String reason) {
        deadLetters.increment();
        Counter.builder("casino.events.dead.lettered").description("records sent to the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    void enriched() {
        enriched.increment();
    }

    void enrichedAtOnce() {
        onArrival.increment();
    }

    void pending(long delta) {
        pending.addAndGet(delta);
    }

    /** A task starts or stops waiting for a dependency; the first to start and the last to stop log it. */
    void waiting(boolean now, String reason) {
        if (now) {
            if (waitingTasks.incrementAndGet() == 1) log.warn("holding events until dependencies recover: {}", reason);
        } else if (waitingTasks.decrementAndGet() == 0) {
            log.info("dependencies recovered: held events are being emitted");
        }
    }

    public long deadLetters() {
        return deadLetters.sum();
    }

    public long enrichedCount() {
        return enriched.sum();
    }

    /** Events enriched in the transaction that consumed them, with their poll's player lookup (no pending store). */
    public long enrichedOnArrival() {
        return onArrival.sum();
    }

    /** Events consumed and not yet emitted: a batch being formed, or events held during an outage. */
    public long pendingNow() {
        return pending.get();
    }

    /** Whether some task is holding events because a dependency (FX rates, Postgres) is unavailable. */
    public boolean waitingForDependencies() {
        return waitingTasks.get() > 0;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dead_letters", deadLetters());
        m.put("enriched", enrichedCount());
        m.put("enriched_on_arrival", enrichedOnArrival());
        m.put("pending", pendingNow());
        m.put("waiting_for_dependencies", waitingForDependencies());
        return m;
    }
}
