package casino.enricher.pipeline;

import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enriches each event in the transaction that consumes it when it can: its player was looked up by
 * the query of its poll ({@code PollLookupInterceptor}), the FX rates are usable and nothing is
 * pending ahead of it. Otherwise (no lookup on the record, a dependency down, events already
 * pending) the event is put in a changelogged pending store (so neither a crash nor an outage loses
 * it; exactly-once with the input offsets) and pending events are enriched in arrival order, one
 * Postgres query per batch, when {@code batchSize} are waiting or every {@code linger} (wall clock).
 * When a dependency is down the batch stays pending and is retried with backoff (1 s doubling to
 * 30 s); later events queue behind it, keeping the order. Printed lines are flushed to stdout after
 * each drain and every {@code linger}. Each emitted event names its "enrich" span (child of the event's
 * trace) in {@code traceparent}. Gaps: a long outage grows the store (and its changelog) without bound;
 * an event read back from the store after a restart starts a new trace.
 */
final class EnrichProcessor implements Processor<Long, Arrival, Object, Object> {
    private static final Logger log = LoggerFactory.getLogger(EnrichProcessor.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** The longest one drain may emit before it lets the stream thread poll and commit. */
    static final Duration DRAIN_BUDGET = Duration.ofSeconds(2);
    private static final LongSerializer KEY_SERIALIZER = new LongSerializer();

    /** A pending event: its key in the store, and the event with its original bytes. */
    private record Pending(long seq, Arrival arrival) {}

    private final Enrichment enrichment;
    private final EventPrinter printer;
    private final EnricherStats stats;
    private final int batchSize;
    private final Duration linger;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, byte[]> store;
    /** The store's content, parsed, in order (the store is the durable copy). */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long nextSeq;
    private boolean waiting;
    private long retryAtMs;
    private Duration backoff = FIRST_RETRY;

    EnrichProcessor(Enrichment enrichment, EventPrinter printer, EnricherStats stats, int batchSize, Duration linger) {
        this.enrichment = enrichment;
        this.printer = printer;
        this.stats = stats;
        this.batchSize = Math.max(1, batchSize);
        this.linger = linger;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(EnricherTopics.PENDING_STORE);
        try (KeyValueIterator<Long, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, byte[]> kv = all.next();
                nextSeq = kv.key + 1;
                if (EventParser.parse(kv.value) instanceof EventParser.Valid v) {
                    pending.add(new Pending(kv.key, new Arrival(v.event(), kv.value, null, Context.root())));
                } else {
                    log.error("dropping unreadable pending entry {} (it was valid when stored)", kv.key);
                    store.delete(kv.key);
                }
            }
        }
        stats.pending(pending.size());
        context.schedule(linger, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<Long, Arrival> record) {
        Arrival arrival = record.value();
        // nothing ahead of it and its player already looked up by its poll (or batches of one): enrich now, no store
        if (pending.isEmpty() && (arrival.lookup() != null || batchSize == 1)) {
            Enrichment.Outcome outcome = arrival.lookup() != null
                    ? enrichment.enrich(arrival.event(), arrival.lookup().player())
                    : enrichment.enrich(arrival.event());
            if (!(outcome instanceof Enrichment.Held h)) {
                emit(arrival, outcome, record.timestamp(), record.headers(), context.recordMetadata());
                if (arrival.lookup() != null) stats.enrichedAtOnce();
                return;
            }
            park(arrival);
            startWaiting(h.reason(), context.currentSystemTimeMs());
            return;
        }
        park(arrival);
        if (pending.size() >= batchSize && !waiting) {
            drain(context.currentSystemTimeMs());
            printer.flush();
        }
    }

    /** Every linger: the pending batch goes (or is retried), and stdout gets what was printed since the last tick. */
    private void tick(long now) {
        drain(now);
        printer.flush();
    }

    private void park(Arrival arrival) {
        long seq = nextSeq++;
        store.put(seq, arrival.raw());
        pending.add(new Pending(seq, arrival));
        stats.pending(1);
    }

    /** Emits pending events in order, a batch per query, until none is left, one is held, or the budget is spent. */
    private void drain(long now) {
        if (pending.isEmpty() || (waiting && now < retryAtMs)) return;
        // real time, not the thread's cached clock: a long drain must end inside the transaction timeout
        long deadline = System.currentTimeMillis() + DRAIN_BUDGET.toMillis();
        while (!pending.isEmpty() && System.currentTimeMillis() < deadline) {
            List<Pending> batch = new ArrayList<>(Math.min(batchSize, pending.size()));
            for (Pending p : pending) {
                if (batch.size() == batchSize) break;
                batch.add(p);
            }
            List<Enrichment.Outcome> outcomes = enrichment.enrich(batch.stream().map(p -> p.arrival().event()).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) instanceof Enrichment.Held h) {
                    startWaiting(h.reason(), now);
                    return;
                }
                Pending p = batch.get(i);
                // its source offset is not kept in the store: a dead letter from here has no dlq.source.*
                emit(p.arrival(), outcomes.get(i), p.arrival().event().createdAt().toEpochMilli(), new RecordHeaders(), Optional.empty());
                store.delete(p.seq());
                pending.poll();
                stats.pending(-1);
            }
            if (waiting) {
                waiting = false;
                backoff = FIRST_RETRY;
                stats.waiting(false, null);
            }
        }
    }

    private void startWaiting(String reason, long now) {
        if (!waiting) {
            waiting = true;
            stats.waiting(true, reason);
        } else {
            backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
        }
        retryAtMs = now + backoff.toMillis();
    }

    private void emit(Arrival arrival, Enrichment.Outcome outcome, long timestamp, Headers headers, Optional<RecordMetadata> source) {
        // the event's trace goes on: its output (or dead letter) names this enrich span
        Span span = Tracing.tracer().spanBuilder("enrich").setParent(arrival.trace())
                .setAttribute("casino.event_id", arrival.event().id()).startSpan();
        TraceHeaders.inject(span, headers);
        try {
            forward(arrival, outcome, timestamp, headers, source);
        } finally {
            span.end();
        }
    }

    private void forward(Arrival arrival, Enrichment.Outcome outcome, long timestamp, Headers headers, Optional<RecordMetadata> source) {
        switch (outcome) {
            case Enrichment.Enriched e -> context.forward(
                    new Record<Object, Object>(e.event().playerId(), e.event(), timestamp, headers), EnricherTopology.PRINT);
            case Enrichment.Rejected r -> {
                byte[] key = KEY_SERIALIZER.serialize(null, arrival.event().playerId());
                context.forward(r.rejection().deadLetter(new Record<Object, Object>(key, arrival.raw(), timestamp, headers), source),
                        EnricherTopology.DEAD_LETTERS);
                stats.deadLetter(r.rejection().code());
            }
            case Enrichment.Held h -> throw new IllegalStateException("held events are not emitted: " + h);
        }
    }

    @Override
    public void close() {
        // pending events stay in the store; whoever owns this task next reads them again
        printer.flush();
        stats.pending(-pending.size());
        pending.clear();
        if (waiting) stats.waiting(false, null);
        waiting = false;
    }
}
