package casino.common.service;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether committed records lie in given offset ranges, read as a read-committed consumer without a
 * group: a range of only transaction markers (or aborted records) has none. Lag measured from
 * offsets alone counts those markers, which a Streams application never commits past while idle.
 */
final class PendingRecords {
    private PendingRecords() {}

    /** True if a record exists in [from, to) of some partition, or if that cannot be told within the timeout. */
    static boolean any(Map<String, Object> clientConfigs, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                       Duration timeout) {
        if (from.isEmpty()) return false;
        Map<String, Object> props = new HashMap<>(clientConfigs);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) return true;
                boolean atEnd = from.keySet().stream().allMatch(tp -> consumer.position(tp) >= to.get(tp));
                if (atEnd) return false;
            }
            return true;
        } catch (RuntimeException e) {
            return true; // not known: the lag stands
        }
    }
}
