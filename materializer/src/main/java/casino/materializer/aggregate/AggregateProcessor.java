package casino.materializer.aggregate;

import casino.common.event.EventType;
import casino.common.event.InvalidEventException;
import casino.common.kafka.DeadLetter;
import io.micrometer.core.instrument.Counter;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Counts each valid enriched event into the three stores of its partition's task, stamping it with
 * the arrival clock; forwards a record it cannot count (malformed JSON, broken field rules, a
 * deposit without {@code amount_eur}, a deposit that would take its player's total past a 64-bit integer:
 * {@code total-overflow}, nothing counted) unchanged, with the reason in {@link DeadLetter}'s headers
 * ({@code dlq.service} "materializer"), to the dead-letter sink. The task is the only writer of its
 * stores, so the partition's count and the current second's bucket are also kept in fields (read back
 * from the stores at init) and written on every event without a read; the stores stay current for queries.
 */
final class AggregateProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /** The {@code dlq.service} of this processor's dead letters. */
    static final String SERVICE = "materializer";
    private static final long BUCKET_MS = MaterializerRegistry.BUCKET.toMillis();
    private final LongSupplier clock;
    private final EventParser parser;
    private final Counter counted;
    private final Counter deadLettered;
    private ProcessorContext<byte[], byte[]> context;
    private int partition;
    private KeyValueStore<Integer, PartitionCount> counts;
    private WindowStore<Integer, Long> perSecond;
    private KeyValueStore<Long, PlayerTotals> players;
    // this task is the only writer of its stores: the partition's count and current bucket are kept here
    // too, so that each event writes them without reading them back
    private PartitionCount count;
    private long bucket;
    private long inBucket;

    AggregateProcessor(LongSupplier clock, EventParser parser, Counter counted, Counter deadLettered) {
        this.clock = clock;
        this.parser = parser;
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
        this.count = counts.get(partition);
        this.bucket = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Counted event;
        try {
            event = parser.parse(record.value());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage(), e.field());
            deadLettered.increment();
            return;
        }
        // the player's new totals first: a sum that would overflow is dead-lettered before any store is written
        PlayerTotals totals = null;
        if (event.type() == EventType.BET || event.type() == EventType.DEPOSIT) {
            PlayerTotals add = event.type() == EventType.BET
                    ? new PlayerTotals(event.playerId(), 1, event.hasWon() ? 1 : 0, 0)
                    : new PlayerTotals(event.playerId(), 0, 0, event.depositEur());
            PlayerTotals before = players.get(event.playerId());
            try {
                totals = before == null ? add : before.plus(add);
            } catch (ArithmeticException overflow) {
                deadLetter(record, "total-overflow: player " + event.playerId() + "'s totals would exceed a 64-bit integer"
                        + (event.type() == EventType.DEPOSIT ? " with a deposit of " + event.depositEur() + " EUR cents" : ""),
                        event.type() == EventType.DEPOSIT ? "amount_eur" : null);
                deadLettered.increment();
                return;
            }
        }
        counted.increment();
        long now = clock.getAsLong();
        count = count == null ? new PartitionCount(1, now) : count.plusOne();
        counts.put(partition, count);

        long second = now - Math.floorMod(now, BUCKET_MS);
        if (second != bucket) {
            Long stored = perSecond.fetch(partition, second);
            bucket = second;
            inBucket = stored == null ? 0 : stored;
        }
        perSecond.put(partition, ++inBucket, bucket);

        if (totals != null) players.put(event.playerId(), totals);
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(SERVICE, record, context.recordMetadata(), reason, field));
    }
}
