package casino.materializer.aggregate;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.InvalidEventException;
import casino.common.json.Json;
import casino.common.kafka.DeadLetter;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Counts each valid enriched event into the three stores of its partition's task, stamping it with
 * the arrival clock; forwards a record it cannot count (malformed JSON, broken field rules, a
 * deposit without {@code amount_eur}) unchanged, with the reason in {@link DeadLetter}'s headers
 * ({@code dlq.service} "materializer"), to the dead-letter sink.
 */
final class AggregateProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The {@code dlq.service} of this processor's dead letters. */
    static final String SERVICE = "materializer";
    private final LongSupplier clock;
    private final io.micrometer.core.instrument.Counter counted;
    private final io.micrometer.core.instrument.Counter deadLettered;
    private ProcessorContext<byte[], byte[]> context;
    private int partition;
    private KeyValueStore<Integer, PartitionCount> counts;
    private WindowStore<Integer, Long> perSecond;
    private KeyValueStore<Long, PlayerTotals> players;

    AggregateProcessor(LongSupplier clock, io.micrometer.core.instrument.Counter counted,
                       io.micrometer.core.instrument.Counter deadLettered) {
        this.clock = clock;
        this.counted = counted;
        this.deadLettered = deadLettered;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.partition = context.taskId().partition();
        this.counts = context.getStateStore(MaterializerRegistry.PARTITION_COUNTS);
        this.perSecond = context.getStateStore(MaterializerRegistry.PER_SECOND);
        this.players = context.getStateStore(MaterializerRegistry.PLAYERS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        CasinoEvent event;
        try {
            event = parse(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage(), e.field());
            deadLettered.increment();
            return;
        }
        counted.increment();
        long now = clock.getAsLong();
        PartitionCount c = counts.get(partition);
        counts.put(partition, c == null ? new PartitionCount(1, now) : c.plusOne());

        long bucket = now - Math.floorMod(now, MaterializerRegistry.BUCKET.toMillis());
        Long inBucket = perSecond.fetch(partition, bucket);
        perSecond.put(partition, inBucket == null ? 1L : inBucket + 1, bucket);

        if (event.type() == EventType.BET || event.type() == EventType.DEPOSIT) {
            PlayerTotals add = event.type() == EventType.BET
                    ? new PlayerTotals(event.playerId(), 1, event.hasWon() ? 1 : 0, 0)
                    : new PlayerTotals(event.playerId(), 0, 0, event.amountEur());
            PlayerTotals before = players.get(event.playerId());
            players.put(event.playerId(), before == null ? add : before.plus(add));
        }
    }

    static CasinoEvent parse(byte[] value) {
        if (value == null) throw new InvalidEventException("value", "empty record value");
        CasinoEvent event;
        try {
            event = Json.MAPPER.readValue(value, CasinoEvent.class);
        } catch (IOException e) {
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidEventException("value", "malformed event JSON: " + detail);
        }
        event.validate();
        if (event.type() == EventType.DEPOSIT && event.amountEur() == null) {
            throw new InvalidEventException("amount_eur", "deposit without amount_eur");
        }
        if (event.amountEur() != null && event.amountEur() < 0) {
            throw new InvalidEventException("amount_eur", "negative amount_eur");
        }
        return event;
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(SERVICE, record, context.recordMetadata(), reason, field));
    }
}
