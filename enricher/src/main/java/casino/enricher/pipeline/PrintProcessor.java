package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.kafka.Topics;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Serialises each final event once, prints those bytes as a line on the event printer (stdout;
 * buffered, the enrich step flushes once per batch) and passes the same bytes on to the output topic.
 */
final class PrintProcessor extends ContextualProcessor<Long, CasinoEvent, Long, byte[]> {
    private final EventPrinter printer;
    private final EnricherStats stats;
    private final Serializer<CasinoEvent> serializer = Topics.EVENT_SERDE.serializer();

    PrintProcessor(EventPrinter printer, EnricherStats stats) {
        this.printer = printer;
        this.stats = stats;
    }

    @Override
    public void process(Record<Long, CasinoEvent> record) {
        byte[] json = serializer.serialize(null, record.value());
        printer.print(json);
        stats.enriched();
        context().forward(record.withValue(json));
    }
}
