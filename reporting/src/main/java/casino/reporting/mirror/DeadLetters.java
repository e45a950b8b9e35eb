package casino.reporting.mirror;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.RecordLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the mirror cannot use to the dead-letter topic (common's {@link DeadLetter} scheme:
 * a stub when key and value are too large to go whole), and waits for the broker's acknowledgement
 * before the batch that skips them is written: at least once (a crash between the two sends them
 * again). Counts them in {@code reporting_dead_letters_total{reason}} (reason: too_large, malformed,
 * invalid, exception).
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final String SERVICE = "reporting";
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final MeterRegistry registry;

    /** @param registry where the dead letters are counted (null: not counted) */
    public DeadLetters(Config config, String topic, MeterRegistry registry) {
        this.topic = topic;
        this.registry = registry;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config),
                ProducerConfig.CLIENT_ID_CONFIG, "reporting-dlq",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(List<MirrorBatch.Rejected> rejected) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (MirrorBatch.Rejected r : rejected) {
            ConsumerRecord<byte[], byte[]> source = r.record();
            log.warn("dead letter {}-{}@{} ({}): {}", source.topic(), source.partition(), source.offset(),
                    r.category().label(), r.reason());
            sent.add(producer.send(deadLetter(topic, r)));
        }
        try {
            for (Future<RecordMetadata> f : sent) f.get();
        } catch (ExecutionException e) {
            throw new KafkaException("dead letter not written: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted writing dead letters", e);
        }
        if (registry != null) {
            for (MirrorBatch.Rejected r : rejected) {
                Counter.builder("reporting.dead.letters").tag("reason", r.category().label())
                        .description("wallet.events records not mirrored but sent to the dead-letter topic")
                        .register(registry).increment();
            }
        }
    }

    /**
     * The dead letter of {@code r} by common's helper. A record refused for its size whose key and value
     * went whole (its headers were what was too large, and the helper keeps only the first KiB of them)
     * is marked a stub as well: what the dead-letter topic holds is not the whole record.
     */
    static ProducerRecord<byte[], byte[]> deadLetter(String topic, MirrorBatch.Rejected r) {
        ConsumerRecord<byte[], byte[]> s = r.record();
        ProducerRecord<byte[], byte[]> letter = DeadLetter.record(topic, SERVICE, s.topic(), s.partition(), s.offset(),
                s.timestamp(), s.headers(), s.key(), s.value(), r.reason(), r.field(), r.error());
        if (r.category() == MirrorBatch.Category.TOO_LARGE && letter.headers().lastHeader(DeadLetter.STUB) == null) {
            long original = (s.key() == null ? 0 : s.key().length) + (s.value() == null ? 0 : s.value().length)
                    + RecordLimit.headersSize(s.headers());
            letter.headers().add(DeadLetter.STUB, "true".getBytes(StandardCharsets.UTF_8));
            letter.headers().add(DeadLetter.ORIGINAL_BYTES, Long.toString(original).getBytes(StandardCharsets.UTF_8));
        }
        return letter;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
