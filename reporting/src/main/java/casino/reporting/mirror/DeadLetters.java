package casino.reporting.mirror;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.kafka.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the mirror cannot use to the dead-letter topic (common's {@link DeadLetter} scheme),
 * and waits for the broker's acknowledgement before the batch that skips them is written: at least
 * once (a crash between the two sends them again).
 */
public final class DeadLetters implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    public static final String SERVICE = "reporting";
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    public DeadLetters(Config config, String topic) {
        this.topic = topic;
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
            var source = r.record();
            log.warn("dead letter {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), r.reason().getMessage());
            var headers = DeadLetter.headers(SERVICE, source.headers(), Optional.of(metadata(source.topic(),
                    source.partition(), source.offset())), r.reason().getMessage(), r.reason().field());
            sent.add(producer.send(new ProducerRecord<>(topic, null, source.timestamp(), source.key(), source.value(), headers)));
        }
        try {
            for (Future<RecordMetadata> f : sent) f.get();
        } catch (ExecutionException e) {
            throw new KafkaException("dead letter not written: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted writing dead letters", e);
        }
    }

    private static org.apache.kafka.streams.processor.api.RecordMetadata metadata(String topic, int partition, long offset) {
        return new org.apache.kafka.streams.processor.api.RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
