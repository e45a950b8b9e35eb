package casino.fx;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.kafka.TopicAdmin;
import casino.common.money.FxRate;
import casino.common.money.FxRatesTopic;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the fx-api's rates to the compacted topic {@code fx.rates} (key = currency, value
 * {@link FxRate}, source "fx-api"): every rate at start and every {@code FX_PUBLISH_INTERVAL} (so the
 * simulated drift reaches the wallet's ledger as it reaches {@code /latest}), and the rates of a {@code
 * PUT /rates} at once, waiting for the broker. Before each periodic publication it reads the rates
 * other writers set on the topic ({@link RateFollower}) and keeps them. Known gap: between two periodic publications the ledger
 * holds the drifting rates as last published, while {@code /latest} moves continuously.
 */
public final class RatePublisher implements AutoCloseable {
    public static final String TOPIC = "FX_RATES_TOPIC";
    public static final String INTERVAL = "FX_PUBLISH_INTERVAL";
    /** The {@code source} of the records this publisher writes. */
    static final String SOURCE = "fx-api";
    private static final Logger log = LoggerFactory.getLogger(RatePublisher.class);
    private final KafkaProducer<String, FxRate> producer;
    private final String topic;
    private final Config config;
    private final RateFollower follower;
    /** The compacted topic exists (publishing before would let the broker auto-create a non-compacted one). */
    private volatile boolean ready;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fx-rate-publisher");
        t.setDaemon(true);
        return t;
    });

    private RatePublisher(KafkaProducer<String, FxRate> producer, String topic, Config config) {
        this.producer = producer;
        this.topic = topic;
        this.config = config;
        this.follower = new RateFollower(config, topic);
    }

    /**
     * Publishes {@code book}'s rates now and every interval, first creating the topic (compacted) when
     * needed; while the broker cannot be reached it logs and tries again at the next interval.
     */
    public static RatePublisher start(Config config, RateBook book, Clock clock) {
        String topic = config.string(TOPIC, FxRate.TOPIC);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        RatePublisher publisher = new RatePublisher(new KafkaProducer<>(p, new StringSerializer(), FxRate.SERDE.serializer()), topic, config);
        long every = config.duration(INTERVAL, Duration.ofSeconds(60)).toMillis();
        publisher.timer.scheduleAtFixedRate(() -> {
            try {
                publisher.publishAll(book, clock);
            } catch (RuntimeException e) {
                log.warn("could not publish the rates to {}: {}", topic, e.toString());
            }
        }, 0, every, TimeUnit.MILLISECONDS);
        return publisher;
    }

    private void ensureTopic() {
        if (ready) return;
        try (var admin = TopicAdmin.admin(CommonSettings.bootstrapServers(config))) {
            FxRatesTopic.ensure(admin, topic, (short) config.integer(CommonSettings.TOPIC_REPLICATION_FACTOR, 1));
        }
        ready = true;
    }

    /**
     * Publishes every current rate, read under the same lock as {@link #publish}: a full publication can
     * never overwrite a rate set (and published) by {@code PUT /rates} with an older value.
     */
    synchronized void publishAll(RateBook book, Clock clock) {
        ensureTopic();
        follower.catchUp(book, Duration.ofSeconds(5)); // rates others set stay as they set them
        publish(book.at(clock.instant()), clock);
    }

    /** Publishes {@code rates} (EUR, the base, excluded) and waits up to 10 s for the broker to take them. */
    public synchronized void publish(Map<String, BigDecimal> rates, Clock clock) {
        ensureTopic();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        rates.forEach((code, perEur) -> {
            if (!code.equals("EUR")) sent.add(producer.send(new ProducerRecord<>(topic, code, new FxRate(code, perEur, clock.instant(), SOURCE))));
        });
        try {
            for (Future<RecordMetadata> f : sent) f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing rates", e);
        } catch (Exception e) {
            throw new IllegalStateException("rates not taken by the broker: " + e, e);
        }
    }

    public String topic() {
        return topic;
    }

    /** Counts what the follower skips ({@code fx_rates_records_skipped_total}) in {@code registry}. */
    public void meters(MeterRegistry registry) {
        follower.meters(registry);
    }

    /** Records of the rates topic skipped so far because they were not a valid rate. */
    public long skippedRecords() {
        return follower.skipped();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        follower.close();
    }
}
