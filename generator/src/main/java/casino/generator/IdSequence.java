package casino.generator;

import casino.common.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Event ids that keep increasing across generator restarts: the first id is one more than the
 * highest id found in the last record of every partition of the topic. Gap: two generators running
 * at once would hand out the same ids.
 */
public final class IdSequence {
    private long next;

    private IdSequence(long first) {
        this.next = first;
    }

    public static IdSequence continuing(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> pending = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (ends.get(tp) > begins.get(tp)) {
                    consumer.seek(tp, ends.get(tp) - 1);
                    pending.put(tp, ends.get(tp));
                } else {
                    consumer.pause(List.of(tp));
                }
            }
            long maxId = 0;
            Instant deadline = Instant.now().plus(timeout);
            while (!pending.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read the last records of " + topic + " in " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    maxId = Math.max(maxId, idOf(r.value()));
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() + 1 >= pending.getOrDefault(tp, Long.MAX_VALUE)) pending.remove(tp);
                }
                // a trailing transaction marker has no record: stop once the position reached the end
                pending.keySet().removeIf(tp -> consumer.position(tp) >= pending.get(tp));
            }
            return new IdSequence(maxId + 1);
        }
    }

    private static long idOf(byte[] value) {
        try {
            var id = Json.MAPPER.readTree(value).get("id");
            return id != null && id.canConvertToLong() ? id.asLong() : 0;
        } catch (Exception e) {
            return 0; // not an event of ours: it cannot collide with our ids
        }
    }

    public long next() {
        return next++;
    }

    public long peek() {
        return next;
    }
}
