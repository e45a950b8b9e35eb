package casino.wallet;

import casino.common.kafka.DeadLetter;
import casino.wallet.topics.WalletTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the wallet's fx.rates reader puts a record it refuses: counted ({@code
 * wallet_fx_rates_refused_total{field}}), logged (WARN, the first 100 and then every 1000th) and
 * written to wallet.dlq with {@link DeadLetter}'s headers by a plain idempotent producer, because the
 * processor of a global store cannot forward and Kafka Streams cannot dead-letter for it (its handlers
 * cast the global context to a record collector). Known gap: the global store is rebuilt from fx.rates at
 * every start, so a refused record still on the topic is dead-lettered again then (until a valid rate of
 * the same currency compacts it away).
 */
public final class RefusedRates implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RefusedRates.class);
    /** Counts and logs only (topology tests). */
    public static final RefusedRates NONE = new RefusedRates(null, null, new CompositeMeterRegistry());
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final MeterRegistry meters;
    private final AtomicLong refused = new AtomicLong();

    private RefusedRates(KafkaProducer<byte[], byte[]> producer, String topic, MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.meters = meters;
    }

    /** Dead letters to {@code deadLetterTopic} on the broker at {@code bootstrapServers}. */
    public static RefusedRates to(String bootstrapServers, String deadLetterTopic, MeterRegistry meters) {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new ByteArraySerializer(), new ByteArraySerializer());
        return new RefusedRates(producer, deadLetterTopic, meters);
    }

    /** One refused record of fx.rates, {@code field} the part at fault. Never throws. */
    void refuse(String sourceTopic, int partition, long offset, long timestamp, Headers headers, byte[] key, byte[] value,
                String reason, String field) {
        Counter.builder("wallet.fx.rates.refused").description("fx.rates records the wallet refused (not stored, dead-lettered)")
                .tag("field", field).register(meters).increment();
        long n = refused.incrementAndGet();
        if (n <= 100 || n % 1000 == 0) {
            log.warn("refused fx.rates record {}-{}@{} ({} refused so far): {} (field {})", sourceTopic, partition, offset, n,
                    reason, field);
        }
        if (producer == null) return;
        try {
            producer.send(DeadLetter.record(topic, WalletTopics.SERVICE, sourceTopic, partition, offset, timestamp, headers,
                    key, value, reason, field, null), (metadata, e) -> {
                        if (e != null) log.error("could not dead-letter fx.rates record {}-{}@{}: {}", sourceTopic, partition, offset,
                                e.toString());
                    });
        } catch (RuntimeException e) {
            log.error("could not dead-letter fx.rates record {}-{}@{}: {}", sourceTopic, partition, offset, e.toString());
        }
    }

    @Override
    public void close() {
        if (producer != null) producer.close(java.time.Duration.ofSeconds(3));
    }
}
