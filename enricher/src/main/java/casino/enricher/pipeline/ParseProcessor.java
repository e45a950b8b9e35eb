package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.event.IgnoredFields;
import casino.common.tracing.TraceHeaders;
import casino.enricher.player.PlayerHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Parses and validates each raw record (fields its type does not use dropped and counted in
 * {@code casino_events_fields_ignored_total{type,field}}): a valid event goes on keyed by its player id, with its
 * poll's player lookup if the record carries one; anything else goes to the dead-letter sink as the
 * original key and bytes with the reason in common's bounded headers ({@code DeadLetter}).
 */
final class ParseProcessor extends ContextualProcessor<byte[], byte[], Object, Object> {
    private final EnricherStats stats;
    private final IgnoredFields ignored;

    ParseProcessor(EnricherStats stats) {
        this.stats = stats;
        this.ignored = stats.ignoredFields();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        // the poll's player lookup travels in a header of our own consumer: take it off before anything is produced
        Header lookupHeader = record.headers().lastHeader(PlayerHeader.NAME);
        if (lookupHeader != null) record.headers().remove(PlayerHeader.NAME);
        switch (EventParser.parse(record.value(), ignored)) {
            case EventParser.Valid v -> {
                CasinoEvent e = v.event();
                PlayerHeader.LookedUp lookup = lookupHeader == null ? null : PlayerHeader.decode(lookupHeader.value());
                if (lookup != null && lookup.playerId() != e.playerId()) lookup = null; // keyed by another id: look it up again
                context().forward(new Record<Object, Object>(e.playerId(), new Arrival(e, record.value(), lookup, TraceHeaders.extract(record.headers())), record.timestamp(), record.headers()),
                        EnricherTopology.ENRICH);
            }
            case EventParser.Invalid i -> {
                context().forward(i.rejection().deadLetter(new Record<Object, Object>(record.key(), record.value(), record.timestamp(),
                        record.headers()), context().recordMetadata()), EnricherTopology.DEAD_LETTERS);
                stats.deadLetter(i.rejection().code());
            }
        }
    }
}
