package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Serialises each final event once (the topic's JSON, written by {@link EnrichedJson}), prints those
 * bytes as a line on the event printer (stdout; buffered, flushed after each drain and every
 * linger) and passes the same bytes on to the output topic.
 */
final class PrintProcessor extends ContextualProcessor<Long, CasinoEvent, Long, byte[]> {
    private final EventPrinter printer;
    private final EnricherStats stats;

    PrintProcessor(EventPrinter printer, EnricherStats stats) {
        this.printer = printer;
        this.stats = stats;
    }

    @Override
    public void process(Record<Long, CasinoEvent> record) {
        byte[] json = EnrichedJson.write(record.value());
        printer.print(json);
        stats.enriched();
        context().forward(record.withValue(json));
    }
}
