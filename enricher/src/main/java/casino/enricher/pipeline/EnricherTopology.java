package casino.enricher.pipeline;

import casino.common.kafka.RecordLimit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.time.Duration;
import org.apache.kafka.streams.Topology;

/** The enricher: events -> parse (bad -> DLQ) -> enrich (currency, player, description) -> print -> enriched. */
public final class EnricherTopology {
    static final String SOURCE = "events";
    static final String PARSE = "parse";
    static final String ENRICH = "enrich";
    static final String PRINT = "print";
    static final String ENRICHED = "enriched";
    static final String DEAD_LETTERS = "dead-letters";

    private EnricherTopology() {}

    /** {@code batchSize} events per Postgres query at most, waiting at most {@code linger} for a batch to fill. */
    public static Topology build(EnricherTopics topics, Enrichment enrichment, EventPrinter printer, EnricherStats stats,
                                 int batchSize, Duration linger) {
        Topology t = new Topology();
        // raw bytes in, so a record that is not an event can go to the DLQ exactly as it came; a record
        // over RecordLimit's bound (value and headers) is refused here and dead-lettered (a stub) by
        // the deserialization handler (DeadLetterHandlers), before any output could copy its headers
        t.addSource(SOURCE, RecordLimit.bytes().deserializer(), RecordLimit.bytes().deserializer(), topics.events().name());
        t.addProcessor(PARSE, () -> new ParseProcessor(stats), SOURCE);
        t.addProcessor(ENRICH, () -> new EnrichProcessor(enrichment, printer, stats, batchSize, linger), PARSE);
        t.addStateStore(EnricherTopics.pendingStore(), ENRICH);
        t.addProcessor(PRINT, () -> new PrintProcessor(printer, stats), ENRICH);
        // values arrive already serialised by the print step (with the topic's value serde)
        t.addSink(ENRICHED, topics.enriched().name(), topics.enriched().keySerde().serializer(), new ByteArraySerializer(), PRINT);
        t.addSink(DEAD_LETTERS, topics.deadLetters().name(), new ByteArraySerializer(), new ByteArraySerializer(), PARSE, ENRICH);
        return t;
    }
}
