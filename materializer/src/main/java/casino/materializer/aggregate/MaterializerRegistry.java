package casino.materializer.aggregate;

import casino.common.kafka.RecordLimit;
import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Every topic and store of the materializer, with its serdes. The stores are in memory with the
 * changelog disabled: the figures exist while the service runs and are never persisted.
 */
public final class MaterializerRegistry {
    /** The enriched events, read as bytes (bounded) so that a malformed record can go to the dead-letter topic. */
    public static final Topic<byte[], byte[]> SOURCE = source(Topics.CASINO_EVENTS_ENRICHED.name());
    /** Enriched records the materializer could not count: original key and bytes, reason in headers. */
    public static final Topic<byte[], byte[]> DLQ = deadLetter(SOURCE);

    public static final Serde<PartitionCount> PARTITION_COUNT_SERDE = new LongsSerde<>(2,
            c -> new long[] {c.events(), c.firstArrivalMs()}, v -> new PartitionCount(v[0], v[1]));
    public static final Serde<PlayerTotals> PLAYER_TOTALS_SERDE = new LongsSerde<>(4,
            p -> new long[] {p.id(), p.bets(), p.wins(), p.depositsEur()}, v -> new PlayerTotals(v[0], v[1], v[2], v[3]));

    /** Per input partition: events counted and the arrival of the first one. */
    public static final String PARTITION_COUNTS = "materializer-partition-counts";
    /** Per input partition: events per arrival second (window start = the second, in ms). */
    public static final String PER_SECOND = "materializer-per-second";
    /** Per player id: bets, winning bets, deposits in EUR cents. */
    public static final String PLAYERS = "materializer-players";

    public static final Duration BUCKET = Duration.ofSeconds(1);
    /** Buckets are kept a little longer than the 60 s the moving average reads. */
    public static final Duration BUCKET_RETENTION = Duration.ofSeconds(120);

    private MaterializerRegistry() {}

    /** The source topic under another name (MATERIALIZER_SOURCE_TOPIC; tests use one topic each). */
    public static Topic<byte[], byte[]> source(String name) {
        // bounded: a record over 256 KiB (value and headers) is refused before any processor sees it
        return new Topic<>(name, RecordLimit.bytes(), RecordLimit.bytes(), Topics.CASINO_EVENTS_ENRICHED.partitions());
    }

    /** The dead-letter topic of a source: its name plus {@code .dlq}. */
    public static Topic<byte[], byte[]> deadLetter(Topic<byte[], byte[]> source) {
        return new Topic<>(source.name() + ".dlq", Serdes.ByteArray(), Serdes.ByteArray(), source.partitions());
    }

    public static StoreBuilder<KeyValueStore<Integer, PartitionCount>> partitionCounts() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PARTITION_COUNTS),
                Serdes.Integer(), PARTITION_COUNT_SERDE).withLoggingDisabled();
    }

    public static StoreBuilder<WindowStore<Integer, Long>> perSecond() {
        return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(PER_SECOND, BUCKET_RETENTION, BUCKET, false),
                Serdes.Integer(), Serdes.Long()).withLoggingDisabled();
    }

    public static StoreBuilder<KeyValueStore<Long, PlayerTotals>> players() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PLAYERS),
                Serdes.Long(), PLAYER_TOTALS_SERDE).withLoggingDisabled();
    }
}
