package casino.fx;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.money.FxRate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code fx.rates} so that a rate another writer set (the wallet's {@code POST
 * /update_currencies}) becomes a set rate of the fx-api too: fixed in its {@link RateBook}, served by
 * {@code /latest}, and never overwritten by the next periodic publication. {@link #catchUp} reads up
 * to the end of the topic as it stands when called. Not thread-safe: one caller (the publisher).
 */
final class RateFollower implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private boolean assigned;

    RateFollower(Config config, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        partition = new TopicPartition(topic, 0); // the topic is compacted with one partition (FxRatesTopic)
    }

    /** Applies every rate set by another writer up to the topic's current end; at most {@code timeout}. */
    void catchUp(RateBook book, Duration timeout) {
        if (!assigned) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assigned = true;
        }
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        Instant deadline = Instant.now().plus(timeout);
        while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) continue;
                FxRate.parse(r.value()).filter(rate -> !rate.source().equals(RatePublisher.SOURCE) && rate.perEur().signum() > 0)
                        .ifPresent(rate -> book.set(Map.<String, BigDecimal>of(rate.currency(), rate.perEur())));
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
