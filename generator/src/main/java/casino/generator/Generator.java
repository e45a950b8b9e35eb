package casino.generator;

import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes generated events keyed by player id, paced at a fixed rate (or unpaced with --max),
 * until the count is reached or {@link #stop()} is called; then flushes, so every event handed to
 * the producer is acknowledged (acks=all, idempotent) before {@link #run()} returns. A send that
 * fails after the producer's own retries stops the run and is rethrown; so does running out of ids
 * ({@link IdSequence.Exhausted}). Every record carries the header {@link IdSequence#HEADER} and the
 * W3C {@code traceparent} of its publish span (a new trace per event).
 */
public final class Generator {
    private static final Logger log = LoggerFactory.getLogger(Generator.class);
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    /** Every record carries the generator's mark, so that {@link IdSequence} finds its own ids again. */
    private static final List<Header> MARK = List.of(IdSequence.MARK);

    private final GeneratorOptions options;
    private final Producer<Long, CasinoEvent> producer;
    private final Topic<Long, CasinoEvent> topic;
    private final EventFactory events;
    private final IdSequence ids;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public Generator(GeneratorOptions options, Producer<Long, CasinoEvent> producer, Topic<Long, CasinoEvent> topic,
                     EventFactory events, IdSequence ids, Clock clock) {
        this.options = options;
        this.producer = producer;
        this.topic = topic;
        this.events = events;
        this.ids = ids;
        this.clock = clock;
    }

    /** Runs until done or stopped; returns the number of events sent and acknowledged. */
    public long run() {
        long started = System.nanoTime();
        long lastProgress = started;
        long lastProgressCount = 0;
        long sent = 0;
        long limit = options.count().orElse(Long.MAX_VALUE);
        double nanosPerEvent = 1e9 / options.rate();
        while (sent < limit && !stopping.get() && failure.get() == null) {
            if (!options.max()) {
                long due = started + (long) (sent * nanosPerEvent);
                long wait = due - System.nanoTime();
                if (wait > 0) pace(wait);
                if (stopping.get()) break;
            }
            long id;
            try {
                id = ids.next();
            } catch (IdSequence.Exhausted e) {
                failure.compareAndSet(null, e);
                break;
            }
            CasinoEvent event = events.next(id, clock.instant());
            // a trace per event, named in the record's traceparent header; its span ends with the acknowledgement
            Span span = Tracing.tracer().spanBuilder("casino.events publish").setSpanKind(SpanKind.PRODUCER)
                    .setAttribute("casino.event_id", id).startSpan();
            var record = new ProducerRecord<Long, CasinoEvent>(topic.name(), null, event.playerId(), event, MARK);
            TraceHeaders.inject(span, record.headers());
            producer.send(record, (meta, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                    span.setStatus(StatusCode.ERROR, e.getMessage());
                } else {
                    acknowledged.incrementAndGet();
                }
                span.end();
            });
            sent++;
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                double rate = (sent - lastProgressCount) / ((now - lastProgress) / 1e9);
                log.info("progress: sent {} events, {} events/s", sent, String.format("%.1f", rate));
                lastProgress = now;
                lastProgressCount = sent;
            }
        }
        producer.flush();
        double seconds = (System.nanoTime() - started) / 1e9;
        log.info("finished: sent {} events in {} s ({} events/s)", sent, String.format("%.2f", seconds),
                String.format("%.1f", sent / Math.max(seconds, 1e-9)));
        if (failure.get() instanceof IdSequence.Exhausted e) throw e;
        if (failure.get() != null) throw new IllegalStateException("publishing failed", failure.get());
        return acknowledged.get();
    }

    private void pace(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)); // pacing to the rate, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    /** Asks {@link #run()} to stop after the current event; it still flushes. */
    public void stop() {
        stopping.set(true);
    }
}
