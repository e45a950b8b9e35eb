package casino.wallet.api;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ApiException;
import casino.common.money.FxRate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes rates to fx.rates (key = currency, value = {@link FxRate} JSON) and waits for the broker to take them. */
public final class FxPublisher implements AutoCloseable {
    private final KafkaProducer<String, FxRate> producer;
    private final String topic;

    public FxPublisher(Config config, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), FxRate.SERDE.serializer());
        this.topic = topic;
    }

    public void publish(Map<String, BigDecimal> perEur, String source, Instant at) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        perEur.forEach((code, rate) -> sent.add(producer.send(new ProducerRecord<>(topic, code, new FxRate(code, rate, at, source)))));
        try {
            for (Future<RecordMetadata> f : sent) f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw ApiException.unavailable("the rates could not be published: " + e, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted", 1);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
