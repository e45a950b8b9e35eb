package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three broker JVMs ({@link KafkaCluster}): the suite's topics and a Streams application's changelog
 * are created with TOPIC_REPLICATION / TOPIC_MIN_ISR; a broker killed with -9 leaves the quorum and
 * the partitions led elsewhere, and started again on its log directory it rejoins every ISR.
 */
class KafkaClusterTest {
    private static Path dir;
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        dir = Files.createTempDirectory("kafka-cluster-test");
        cluster = KafkaCluster.onFreePorts(3, dir, Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static Config config(Map<String, String> extra) {
        return Config.of(Map.of(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers())).with(extra);
    }

    @Test
    void givenThreeBrokersAndReplication3_whenTopicsAreEnsured_thenEachPartitionHas3ReplicasAndMinIsr2() throws Exception {
        Topic<String, String> topic = new Topic<>("replicated-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 6);

        TopicAdmin.ensure(config(Map.of(CommonSettings.TOPIC_REPLICATION, "3")), List.of(topic), Duration.ofSeconds(60));

        try (Admin admin = cluster.admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name());
            assertEquals(6, d.partitions().size());
            d.partitions().forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
            assertEquals("2", minIsr(admin, topic.name()));
        }
    }

    @Test
    void givenTheOldSettingName_whenTopicsAreEnsured_thenItIsReadAsTheReplicationFactor() throws Exception {
        Topic<String, String> topic = new Topic<>("alias-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 2);

        TopicAdmin.ensure(config(Map.of(CommonSettings.TOPIC_REPLICATION_FACTOR, "2")), List.of(topic), Duration.ofSeconds(60));

        try (Admin admin = cluster.admin()) {
            admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions()
                    .forEach(p -> assertEquals(2, p.replicas().size(), "replicas of " + p));
            assertEquals("1", minIsr(admin, topic.name()), "default min ISR for 2 replicas");
        }
    }

    @Test
    void givenReplication3_whenAStreamsApplicationStarts_thenItsChangelogHas3ReplicasAndMinIsr2() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<String, String> in = new Topic<>("counts-in-" + run, Serdes.String(), Serdes.String(), 3);
        Config config = config(Map.of(CommonSettings.TOPIC_REPLICATION, "3",
                CommonSettings.STATE_DIR, dir.resolve("state-" + run).toString()));
        TopicAdmin.ensure(config, List.of(in), Duration.ofSeconds(60));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in.name(), Consumed.with(Serdes.String(), Serdes.String())).groupByKey()
                .count(Materialized.as("counts"));
        Properties props = StreamsService.baseProperties(config, "cluster-counts-" + run);
        String changelog = "cluster-counts-" + run + "-counts-changelog";

        try (StreamsService service = new StreamsService("cluster-counts", builder.build(), props)) {
            service.start(Duration.ofSeconds(120));
            try (Admin admin = cluster.admin()) {
                admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog).partitions()
                        .forEach(p -> assertEquals(3, p.replicas().size(), "replicas of " + p));
                assertEquals("2", minIsr(admin, changelog));
            }
        }
    }

    @Test
    void givenAReplicatedTopic_whenItsBusiestLeaderIsKilledAndStartedAgain_thenWritesGoOnAndTheIsrIsFullAgain() throws Exception {
        Topic<String, String> topic = new Topic<>("failover-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 6);
        TopicAdmin.ensure(config(Map.of(CommonSettings.TOPIC_REPLICATION, "3")), List.of(topic), Duration.ofSeconds(60));
        int victim = cluster.busiestLeader(List.of(topic.name()));

        cluster.kill(victim);

        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000), new StringSerializer(), new StringSerializer())) {
            Instant killed = Instant.now();
            for (int p = 0; p < 6; p++) producer.send(new ProducerRecord<>(topic.name(), p, "k", "v")).get();
            System.err.println("KafkaClusterTest: a write to each partition acknowledged (acks=all, min ISR 2) "
                    + Duration.between(killed, Instant.now()).toMillis() + " ms after kill -9 of leader " + victim);
        }
        assertFalse(cluster.leaders(List.of(topic.name())).containsValue(victim), "no partition led by the killed broker");
        cluster.start(victim, Duration.ofSeconds(120));
        Duration rejoined = cluster.awaitIsr(List.of(topic.name()), 3, Duration.ofSeconds(120));
        System.err.println("KafkaClusterTest: broker " + victim + " back in every ISR " + rejoined.toMillis() + " ms after its start");
    }

    @Test
    void givenThreeBrokers_whenReplication4IsAsked_thenTheCreationIsRefusedNamingTheSetting() {
        Topic<String, String> topic = new Topic<>("too-many-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 1);

        var refused = assertThrows(TopicAdmin.NotEnoughBrokersException.class, () -> TopicAdmin.ensure(
                config(Map.of(CommonSettings.TOPIC_REPLICATION, "4")), List.of(topic), Duration.ofSeconds(30)));

        assertTrue(refused.getMessage().contains("TOPIC_REPLICATION"), refused.getMessage());
        assertTrue(refused.getMessage().contains("3 broker(s)"), refused.getMessage());
    }

    private static String minIsr(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("min.insync.replicas").value();
    }
}
