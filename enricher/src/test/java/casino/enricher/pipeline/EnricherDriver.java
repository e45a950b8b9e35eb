package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.kafka.Topics;
import casino.enricher.currency.FxRates;
import casino.enricher.currency.RateCache;
import casino.enricher.player.PlayerLookup;
import casino.infra.TestInfra;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The whole enricher topology on TopologyTestDriver (exactly-once, linger 20 ms), with the real
 * (embedded) Postgres for players behind a switch and the given FX rates behind a switch and a manual clock.
 */
final class EnricherDriver implements AutoCloseable {
    static final EnricherTopics TOPICS = EnricherTopics.CASINO;
    final SwitchableDataSource db;
    final PlayerLookup lookup;
    final TopologyTestDriver driver;
    final TestInputTopic<Long, CasinoEvent> events;
    final TestInputTopic<byte[], byte[]> rawEvents;
    final TestOutputTopic<Long, CasinoEvent> enriched;
    final TestOutputTopic<byte[], byte[]> rawEnriched;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    EnricherDriver(Path stateDir, int batchSize, Map<String, BigDecimal> rates, AtomicBoolean fxDown, AtomicLong nanos,
                   OutputStream stdout, EnricherStats stats) {
        db = new SwitchableDataSource(TestInfra.dataSource());
        RateCache cache = RateCache.create(() -> {
            if (fxDown.get()) throw new IOException("FX API down");
            return new FxRates(rates, 0);
        }, Duration.ofSeconds(60), Duration.ofMinutes(5), nanos::get, Runnable::run);
        lookup = new PlayerLookup(db);
        Enrichment enrichment = new Enrichment(cache, lookup);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enricher-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(EnricherTopology.build(TOPICS, enrichment, new EventPrinter(stdout), stats,
                batchSize, Duration.ofMillis(20)), props);
        events = driver.createInputTopic(TOPICS.events().name(), new LongSerializer(), Topics.EVENT_SERDE.serializer());
        rawEvents = driver.createInputTopic(TOPICS.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        enriched = driver.createOutputTopic(TOPICS.enriched().name(), new LongDeserializer(), Topics.EVENT_SERDE.deserializer());
        rawEnriched = driver.createOutputTopic(TOPICS.enriched().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
