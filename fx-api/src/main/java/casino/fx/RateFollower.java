package casino.fx;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.money.FxRate;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code fx.rates} so that a rate another writer set (the wallet's {@code POST
 * /update_currencies}) becomes a set rate of the fx-api too: fixed in its {@link RateBook}, served by
 * {@code /latest}, and never overwritten by the next periodic publication. {@link #catchUp} reads up
 * to the end of the topic as it stands when called. A record that is not a valid rate ({@link
 * FxRate#parse}: e.g. {@code per_eur} {@code 1E+999999999}, refused by {@code Decimals.rate}) is
 * skipped, never stored: logged once (each record is read once per process) and counted in
 * {@code fx_rates_records_skipped_total}. Not thread-safe: one caller (the publisher).
 */
final class RateFollower implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RateFollower.class);
    private static final int QUOTED = 64;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final AtomicLong skipped = new AtomicLong();
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
                if (r.value() == null) continue; // a tombstone
                FxRate.parse(r.value()).ifPresentOrElse(rate -> {
                    if (!rate.source().equals(RatePublisher.SOURCE)) book.set(Map.<String, BigDecimal>of(rate.currency(), rate.perEur()));
                }, () -> skip(r));
            }
        }
    }

    private void skip(ConsumerRecord<String, byte[]> r) {
        skipped.incrementAndGet();
        String text = new String(r.value(), 0, Math.min(r.value().length, QUOTED * 4), StandardCharsets.UTF_8);
        log.warn("skipping {}-{}@{}: not a valid rate record (a 3-letter currency and a rate within Decimals.rate's bounds): '{}'",
                r.topic(), r.partition(), r.offset(), text.length() <= QUOTED ? text : text.substring(0, QUOTED) + "...");
    }

    /** Records of the topic that were not a valid rate, skipped so far. */
    long skipped() {
        return skipped.get();
    }

    /** Counts the skipped records into {@code fx_rates_records_skipped_total} of {@code registry}. */
    void meters(MeterRegistry registry) {
        FunctionCounter.builder("fx.rates.records.skipped", skipped, AtomicLong::get)
                .description("records of the rates topic skipped because they are not a valid rate").register(registry);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
