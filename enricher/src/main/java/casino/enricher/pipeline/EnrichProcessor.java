package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.json.Json;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Enriches each event, or holds it when a dependency is down. Held events wait in a changelogged
 * store (so a crash loses none of them, exactly-once with the input offsets), in arrival order;
 * while any event of this task is held, every later one is held behind it, so per-partition order
 * is kept. A wall-clock punctuation retries them with backoff (1 s doubling to 30 s) and emits them
 * when the dependencies answer. Gap: a long outage grows the store (and its changelog) without bound.
 */
final class EnrichProcessor implements Processor<Long, CasinoEvent, Object, Object> {
    static final Duration TICK = Duration.ofMillis(500);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** Held events retried per query, and the time one punctuation may spend emitting them. */
    static final int RETRY_BATCH = 500;
    static final Duration RETRY_BUDGET = Duration.ofSeconds(2);

    private final Enrichment enrichment;
    private final EnricherStats stats;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, CasinoEvent> held;
    private long nextSeq;
    private long heldCount;
    private long retryAtMs;
    private Duration backoff = FIRST_RETRY;

    EnrichProcessor(Enrichment enrichment, EnricherStats stats) {
        this.enrichment = enrichment;
        this.stats = stats;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.held = context.getStateStore(EnricherTopics.HELD_STORE);
        try (KeyValueIterator<Long, CasinoEvent> last = held.reverseAll()) {
            nextSeq = last.hasNext() ? last.next().key + 1 : 0;
        }
        heldCount = held.approximateNumEntries();
        if (heldCount > 0) stats.held(heldCount, "events held before a restart");
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, this::retryHeld);
    }

    @Override
    public void process(Record<Long, CasinoEvent> record) {
        if (heldCount > 0) {
            hold(record.value(), "behind held events");
            return;
        }
        Enrichment.Outcome outcome = enrichment.enrich(record.value());
        if (outcome instanceof Enrichment.Held h) {
            hold(record.value(), h.reason());
            retryAtMs = context.currentSystemTimeMs() + backoff.toMillis();
            return;
        }
        emit(record.value(), outcome, record.timestamp(), record.headers());
    }

    private void emit(CasinoEvent raw, Enrichment.Outcome outcome, long timestamp, Headers headers) {
        switch (outcome) {
            case Enrichment.Enriched e -> context.forward(
                    new Record<Object, Object>(e.event().playerId(), e.event(), timestamp, headers), EnricherTopology.PRINT);
            case Enrichment.Rejected r -> {
                byte[] key = ByteBuffer.allocate(Long.BYTES).putLong(raw.playerId()).array();
                DeadLetters.send(context, key, Json.write(raw).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        timestamp, headers, r.rejection());
                stats.deadLetter();
            }
            case Enrichment.Held h -> throw new IllegalStateException("held events are not emitted: " + h);
        }
    }

    private void hold(CasinoEvent event, String reason) {
        held.put(nextSeq++, event);
        heldCount++;
        stats.held(1, reason);
    }

    /** Emits held events in order until one is still held (then backs off) or the budget is spent. */
    private void retryHeld(long now) {
        if (heldCount == 0 || now < retryAtMs) return;
        long deadline = now + RETRY_BUDGET.toMillis();
        while (heldCount > 0 && context.currentSystemTimeMs() < deadline) {
            List<KeyValue<Long, CasinoEvent>> batch = new ArrayList<>(RETRY_BATCH);
            try (KeyValueIterator<Long, CasinoEvent> it = held.all()) {
                while (it.hasNext() && batch.size() < RETRY_BATCH) batch.add(it.next());
            }
            List<Enrichment.Outcome> outcomes = enrichment.enrich(batch.stream().map(kv -> kv.value).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) instanceof Enrichment.Held) {
                    retryAtMs = now + backoff.toMillis();
                    backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
                    return;
                }
                CasinoEvent event = batch.get(i).value;
                emit(event, outcomes.get(i), event.createdAt().toEpochMilli(), new RecordHeaders());
                held.delete(batch.get(i).key);
                heldCount--;
                stats.held(-1, null);
            }
        }
        backoff = FIRST_RETRY;
    }

    @Override
    public void close() {
        // the held events stay in the store; whoever owns this task next counts them again
        if (heldCount > 0) stats.held(-heldCount, null);
        heldCount = 0;
    }
}
