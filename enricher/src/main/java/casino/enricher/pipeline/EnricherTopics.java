package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The enricher's topics and its one store. Production uses {@link #CASINO}; tests sharing one
 * broker use {@link #prefixed} so that their topics do not meet.
 */
public record EnricherTopics(Topic<Long, CasinoEvent> events, Topic<Long, CasinoEvent> enriched,
                             Topic<byte[], byte[]> deadLetters) {
    public static final EnricherTopics CASINO =
            new EnricherTopics(Topics.CASINO_EVENTS, Topics.CASINO_EVENTS_ENRICHED, Topics.CASINO_EVENTS_DLQ);

    /**
     * Events consumed and not yet emitted (a batch, or held during an outage): arrival sequence
     * number -> the event's bytes as they arrived. In memory, changelogged; the cache folds a put
     * and its delete within one commit into a single tombstone on the changelog.
     */
    public static final String PENDING_STORE = "enricher-pending-events";

    public static StoreBuilder<KeyValueStore<Long, byte[]>> pendingStore() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_STORE), Serdes.Long(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    /** {@code <prefix>.casino.events} and so on, with the same serdes and partitions. */
    public static EnricherTopics prefixed(String prefix) {
        return new EnricherTopics(rename(CASINO.events, prefix), rename(CASINO.enriched, prefix), rename(CASINO.deadLetters, prefix));
    }

    private static <K, V> Topic<K, V> rename(Topic<K, V> t, String prefix) {
        return new Topic<>(prefix + "." + t.name(), t.keySerde(), t.valueSerde(), t.partitions());
    }

    public List<Topic<?, ?>> all() {
        return List.of(events, enriched, deadLetters);
    }
}
