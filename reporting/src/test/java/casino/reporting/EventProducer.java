package casino.reporting;

import casino.infra.TestInfra;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes wallet events to a test topic the way the ledger does: in Kafka transactions (commit markers included). */
public final class EventProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventProducer(String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "reporting-test-" + UUID.randomUUID(),
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    /** The events in one committed transaction. */
    public void send(List<WalletEvents.Event> events) {
        producer.beginTransaction();
        for (WalletEvents.Event e : events) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("event-type", e.type().getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, e.walletId(), e.value().toByteArray(), headers));
        }
        producer.commitTransaction();
    }

    /** Raw bytes (a bad record) in one committed transaction. */
    public void sendRaw(String key, byte[] value) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, key, value));
        producer.commitTransaction();
    }

    @Override
    public void close() {
        producer.close();
    }
}
