package casino.enricher.player;

import casino.common.event.Player;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up the players of every poll of the events topic in one Postgres query, as the records
 * are consumed, and puts each record's own result on it as a {@link PlayerHeader}: a lookup for
 * every event, one query per poll, nothing kept for a later poll. The enricher's main consumer runs
 * it (configured by {@link #config}) and removes any such header a producer wrote; records it could not look up (Postgres down, a key that is
 * not an 8-byte player id) carry no header and the enrich step looks them up itself, holding them
 * while Postgres is down. After a failed query it does not try again for {@link #RETRY_AFTER_MS}, so
 * an outage does not stall every poll for the connection timeout. Gap: the result is from the
 * moment of the poll, which may be a little before the record is processed.
 */
public final class PollLookupInterceptor implements ConsumerInterceptor<byte[], byte[]> {
    /** Config keys (main consumer): the {@link PlayerLookup} instance and the events topic name. */
    public static final String LOOKUP = "casino.enricher.player-lookup";
    public static final String TOPIC = "casino.enricher.events-topic";
    static final long RETRY_AFTER_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(PollLookupInterceptor.class);

    private PlayerLookup players;
    private String topic;
    private long retryAtMs;
    private boolean failing;

    /** The consumer settings that install it (without the main-consumer prefix). */
    public static Map<String, Object> config(PlayerLookup players, String topic) {
        return Map.of(org.apache.kafka.clients.consumer.ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, PollLookupInterceptor.class.getName(),
                LOOKUP, players, TOPIC, topic);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(LOOKUP) instanceof PlayerLookup lookup) || !(configs.get(TOPIC) instanceof String t)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs " + LOOKUP + " and " + TOPIC);
        }
        players = lookup;
        topic = t;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> onConsume(ConsumerRecords<byte[], byte[]> records) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : records.records(topic)) {
            r.headers().remove(PlayerHeader.NAME); // only this consumer's lookup counts, never a header a producer wrote
            if (r.key() != null && r.key().length == Long.BYTES) ids.add(ByteBuffer.wrap(r.key()).getLong());
        }
        if (ids.isEmpty() || System.currentTimeMillis() < retryAtMs) return records;
        Map<Long, Player> found;
        try {
            found = players.find(ids);
        } catch (SQLException e) {
            retryAtMs = System.currentTimeMillis() + RETRY_AFTER_MS;
            if (!failing) log.warn("player lookup per poll failed; the enrich step looks events up itself: {}", e.getMessage());
            failing = true;
            return records;
        }
        if (failing) log.info("player lookup per poll works again");
        failing = false;
        // one header value per player of this poll: every record of the poll carries its own poll's result
        Map<Long, byte[]> headers = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records.records(topic)) {
            if (r.key() == null || r.key().length != Long.BYTES) continue;
            long id = ByteBuffer.wrap(r.key()).getLong();
            r.headers().add(PlayerHeader.NAME, headers.computeIfAbsent(id, k -> PlayerHeader.encode(k, found.get(k))));
        }
        return records;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {}

    @Override
    public void close() {}
}
