package casino.common.kafka;

import casino.common.event.CasinoEvent;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The casino topics. Keys are the player id (8-byte big-endian long); values are the event JSON.
 * The partition count is {@link casino.common.config.CommonSettings#DEFAULT_PARTITIONS} unless
 * {@code TOPIC_PARTITIONS} says otherwise (see {@link TopicAdmin}).
 */
public final class Topics {
    public static final JsonSerde<CasinoEvent> EVENT_SERDE = new JsonSerde<>(CasinoEvent.class);
    private static final int PARTITIONS = casino.common.config.CommonSettings.DEFAULT_PARTITIONS;

    /** Raw events from the generator. */
    public static final Topic<Long, CasinoEvent> CASINO_EVENTS =
            new Topic<>("casino.events", Serdes.Long(), EVENT_SERDE, PARTITIONS);
    /** Events with amount_eur, player and description. */
    public static final Topic<Long, CasinoEvent> CASINO_EVENTS_ENRICHED =
            new Topic<>("casino.events.enriched", Serdes.Long(), EVENT_SERDE, PARTITIONS);
    /** Records the enricher could not use: original key and bytes, the reason in headers. */
    public static final Topic<byte[], byte[]> CASINO_EVENTS_DLQ =
            new Topic<>("casino.events.dlq", Serdes.ByteArray(), Serdes.ByteArray(), PARTITIONS);

    public static final List<Topic<?, ?>> CASINO = List.of(CASINO_EVENTS, CASINO_EVENTS_ENRICHED, CASINO_EVENTS_DLQ);

    private Topics() {}
}
