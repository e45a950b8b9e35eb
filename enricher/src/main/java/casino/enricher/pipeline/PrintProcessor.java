package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/** Prints each final event on the event printer (stdout) and passes it on to the output topic. */
final class PrintProcessor extends ContextualProcessor<Long, CasinoEvent, Long, CasinoEvent> {
    private final EventPrinter printer;
    private final EnricherStats stats;

    PrintProcessor(EventPrinter printer, EnricherStats stats) {
        this.printer = printer;
        this.stats = stats;
    }

    @Override
    public void process(Record<Long, CasinoEvent> record) {
        printer.print(record.value());
        stats.enriched();
        context().forward(record);
    }
}
