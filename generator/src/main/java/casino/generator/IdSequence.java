package casino.generator;

import casino.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Event ids that keep increasing across generator restarts and are never negative or repeated: the
 * first id is one more than the highest id the generator itself wrote on the topic (its records
 * carry the {@link #HEADER} header; records of anyone else, whatever their ids, are ignored). Each
 * partition is read backwards from its end, in growing windows, up to its last record of ours.
 * After {@link Long#MAX_VALUE} there is no id left: {@link Exhausted}. Gap: two generators running
 * at once would hand out the same ids.
 */
public final class IdSequence {
    /** The header that marks a record as written by this generator. */
    public static final String HEADER = "casino.producer";
    static final byte[] HEADER_VALUE = "generator".getBytes(StandardCharsets.UTF_8);
    /** The header every record of the generator carries. */
    public static final Header MARK = new RecordHeader(HEADER, HEADER_VALUE);
    private static final int FIRST_WINDOW = 256;

    /** No id is left: the highest id ever written is {@link Long#MAX_VALUE}. */
    public static final class Exhausted extends IllegalStateException {
        Exhausted(String message) {
            super(message);
        }
    }

    private long next;
    private boolean exhausted;

    private IdSequence(long first) {
        this.next = first;
    }

    /** A sequence whose first id is {@code first} (at least 1). */
    static IdSequence startingAt(long first) {
        if (first < 1) throw new IllegalArgumentException("ids start at 1, not " + first);
        return new IdSequence(first);
    }

    /**
     * The sequence after the highest id this generator wrote on {@code topic}.
     *
     * @throws Exhausted when that id is {@link Long#MAX_VALUE}
     * @throws IllegalStateException when the topic cannot be read within {@code timeout}
     */
    public static IdSequence continuing(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Instant deadline = Instant.now().plus(timeout);
        long highest = 0;
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                highest = Math.max(highest, lastOwnId(consumer, tp, begins.get(tp), ends.get(tp), deadline));
            }
        }
        if (highest == Long.MAX_VALUE) {
            throw new Exhausted("the highest id this generator wrote on " + topic + " is " + Long.MAX_VALUE
                    + ": no id is left (ids are never negative or repeated); publish to a new topic");
        }
        return new IdSequence(highest + 1);
    }

    /** The id of our last record in {@code [begin, end)} of one partition, or 0 if there is none. */
    private static long lastOwnId(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long begin, long end, Instant deadline) {
        consumer.assign(List.of(tp));
        long hi = end;
        long window = FIRST_WINDOW;
        while (hi > begin) {
            long lo = Math.max(begin, hi - window);
            long found = highestOwnId(consumer, tp, lo, hi, deadline);
            if (found > 0) return found; // our ids increase along a partition: nothing earlier is higher
            hi = lo;
            window = Math.min(window * 2, 1 << 20);
        }
        return 0;
    }

    private static long highestOwnId(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long to, Instant deadline) {
        consumer.seek(tp, from);
        long highest = 0;
        // a trailing transaction marker has no record: stop once the position reached the end
        while (consumer.position(tp) < to) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("could not read the ids of " + tp + " before the deadline");
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < to && ours(r)) highest = Math.max(highest, idOf(r.value()));
            }
        }
        return highest;
    }

    private static boolean ours(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(HEADER);
        return h != null && Arrays.equals(h.value(), HEADER_VALUE);
    }

    private static long idOf(byte[] value) {
        try {
            var id = Json.MAPPER.readTree(value).get("id");
            return id != null && id.isIntegralNumber() && id.canConvertToLong() ? Math.max(0, id.asLong()) : 0;
        } catch (Exception e) {
            return 0; // unreadable: not an id we could collide with
        }
    }

    /**
     * The next id.
     *
     * @throws Exhausted after {@link Long#MAX_VALUE} was handed out
     */
    public long next() {
        if (exhausted) throw new Exhausted("all ids up to " + Long.MAX_VALUE + " are used: no id is left");
        long id = next;
        if (id == Long.MAX_VALUE) exhausted = true;
        else next++;
        return id;
    }

    public long peek() {
        return next;
    }
}
