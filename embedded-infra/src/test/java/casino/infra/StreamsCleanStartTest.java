package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A clean start logs no ERROR: an exactly-once Streams application with a repartition topic and a
 * changelogged store, started fresh on the in-process broker, processes its first records while
 * nothing (client or broker) logs at ERROR. Its first transactional writes to internal topics
 * created moments before used to log OutOfOrderSequenceException on the broker (KAFKA-15591), so
 * StreamsService creates them, as Streams would, and waits for them before starting.
 */
class StreamsCleanStartTest {
    private static final int PARTITIONS = 6;
    private static final int RECORDS = 20_000;
    private static final int KEYS = 5_000;

    @Test
    void givenFreshApplicationWithChangelog_whenFirstRecordsProcessed_thenNoErrorLogged() throws Exception {
        // Given: every log event of this JVM captured, the broker's included
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<String, String> in = new Topic<>("clean-start-in-" + run, Serdes.String(), Serdes.String(), PARTITIONS);
        Topic<String, Long> out = new Topic<>("clean-start-out-" + run, Serdes.String(), Serdes.Long(), PARTITIONS);
        TestInfra.createTopics(List.of(in, out));
        Config config = TestInfra.config(Map.of("STATE_DIR", java.nio.file.Files.createTempDirectory("clean-start").toString()));
        Properties props = StreamsService.baseProperties(config, "clean-start-" + run);
        // this test is about the start: Streams' purge of the repartition topic (every 30 s by default) can
        // remove a producer's state on the broker and log OutOfOrderSequenceException later on a slow machine
        props.put(StreamsConfig.REPARTITION_PURGE_INTERVAL_MS_CONFIG, 600_000);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in.name(), Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((k, v) -> v, Grouped.with("by-value", Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream().to(out.name(), Produced.with(Serdes.String(), Serdes.Long()));
        try (StreamsService streams = new StreamsService("clean-start", builder.build(props), props)) {
            // When: it starts on a backlog, so that its first transactions write many batches to each internal partition
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) producer.send(new ProducerRecord<>(in.name(), "k" + i, "v" + (i % KEYS)));
            }
            streams.start(Duration.ofSeconds(60));
            Map<String, Long> counts = latestUntilTotal(out.name(), RECORDS, Duration.ofSeconds(90));
            assertEquals(KEYS, counts.size(), "counts " + counts);
        } finally {
            root.detachAppender(captured);
        }
        // Then: the service created the internal topics itself (before Streams), as Streams would have
        List<String> created = captured.list.stream().filter(e -> e.getLoggerName().equals(TopicAdmin.class.getName()))
                .map(ILoggingEvent::getFormattedMessage).toList();
        String app = "clean-start-" + run;
        assertTrue(created.contains("created topic " + app + "-counts-changelog with " + PARTITIONS + " partitions"), "" + created);
        assertTrue(created.contains("created topic " + app + "-by-value-repartition with " + PARTITIONS + " partitions"), "" + created);
        try (Admin admin = TopicAdmin.admin(TestInfra.kafka().bootstrapServers())) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, app + "-counts-changelog");
            assertEquals("compact", admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value());
        }
        // and nothing was logged at ERROR, by any logger
        List<String> errors = captured.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertEquals(List.of(), errors);
    }

    /** The latest count per key on {@code topic} (committed records only), once they add up to {@code total}. */
    static Map<String, Long> latestUntilTotal(String topic, long total, Duration timeout) {
        Map<String, Long> latest = new java.util.HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new LongDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (latest.values().stream().mapToLong(Long::longValue).sum() != total) {
                if (System.nanoTime() > deadline) throw new AssertionError("counts on " + topic + " never reached " + total + ": " + latest);
                consumer.poll(Duration.ofMillis(200)).forEach(r -> latest.put(r.key(), r.value()));
            }
        }
        return latest;
    }
}
