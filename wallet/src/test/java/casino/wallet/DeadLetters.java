package casino.wallet;

import casino.common.kafka.DeadLetter;
import casino.infra.TestInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Test helpers on the shared broker: a plain producer that may send huge (compressed) records, and wallet.dlq read with a deadline. */
public final class DeadLetters {
    private DeadLetters() {}

    /** A byte producer that sends records up to 8 MB uncompressed, gzip-compressed (so the broker takes a compressible 2 MB record). */
    public static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024, ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgement. */
    public static void send(KafkaProducer<byte[], byte[]> producer, ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + record.topic(), e);
        }
    }

    /** The dead letters on {@code topic} (read_committed) once {@code done} holds for them, failing after {@code timeout}. */
    public static List<ConsumerRecord<byte[], byte[]>> await(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                             Duration timeout, String what) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Instant deadline = Instant.now().plus(timeout);
            while (!done.test(records)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("expected " + what + " on " + topic + " within " + timeout + "; got " + describe(records));
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** Whether some dead letter came from {@code sourceTopic} and matches {@code also}. */
    public static boolean any(List<ConsumerRecord<byte[], byte[]>> records, String sourceTopic,
                              Predicate<ConsumerRecord<byte[], byte[]>> also) {
        return records.stream().anyMatch(r -> sourceTopic.equals(DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC)) && also.test(r));
    }

    public static String describe(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC) + "@"
                + DeadLetter.header(r.headers(), DeadLetter.SOURCE_OFFSET) + " " + r.serializedValueSize() + "B stub="
                + DeadLetter.header(r.headers(), DeadLetter.STUB) + " reason=" + DeadLetter.header(r.headers(), DeadLetter.REASON))
                .toList().toString();
    }
}
