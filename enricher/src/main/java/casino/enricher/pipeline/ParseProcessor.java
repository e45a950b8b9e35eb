package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and validates each raw record: a valid event goes on keyed by its player id, anything
 * else goes to the dead-letter sink as the original key and bytes with the reason in headers.
 */
final class ParseProcessor extends ContextualProcessor<byte[], byte[], Object, Object> {
    private final EnricherStats stats;

    ParseProcessor(EnricherStats stats) {
        this.stats = stats;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        switch (EventParser.parse(record.value())) {
            case EventParser.Valid v -> {
                CasinoEvent e = v.event();
                context().forward(new Record<Object, Object>(e.playerId(), new Arrival(e, record.value()), record.timestamp(), record.headers()),
                        EnricherTopology.ENRICH);
            }
            case EventParser.Invalid i -> {
                DeadLetters.send(context(), record.key(), record.value(), record.timestamp(), record.headers(), i.rejection());
                stats.deadLetter();
            }
        }
    }
}
