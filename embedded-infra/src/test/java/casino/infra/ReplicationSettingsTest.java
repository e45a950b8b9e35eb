package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

/**
 * TOPIC_REPLICATION (alias TOPIC_REPLICATION_FACTOR) and TOPIC_MIN_ISR: defaults, validation, what the
 * local run hands the services, and the refusal of more replicas than brokers (the one test broker).
 */
class ReplicationSettingsTest {

    @Test
    void givenNothingSet_whenReplicationIsRead_thenItIs1WithMinIsr1() {
        Config none = Config.of(Map.of());
        assertEquals(1, CommonSettings.topicReplication(none));
        assertEquals(1, CommonSettings.topicMinIsr(none));
    }

    @Test
    void givenReplication3_whenMinIsrIsNotSet_thenItIs2() {
        assertEquals(2, CommonSettings.topicMinIsr(Config.of(Map.of(CommonSettings.TOPIC_REPLICATION, "3"))));
    }

    @Test
    void givenBothNames_whenReplicationIsRead_thenTheNewNameWins() {
        Config both = Config.of(Map.of(CommonSettings.TOPIC_REPLICATION, "3", CommonSettings.TOPIC_REPLICATION_FACTOR, "1"));
        assertEquals(3, CommonSettings.topicReplication(both));
        assertEquals(2, CommonSettings.topicReplication(Config.of(Map.of(CommonSettings.TOPIC_REPLICATION_FACTOR, "2"))));
    }

    @Test
    void givenMinIsrAboveReplication_whenRead_thenRefusedNamingTheSetting() {
        var e = assertThrows(ConfigException.class, () -> CommonSettings.topicMinIsr(
                Config.of(Map.of(CommonSettings.TOPIC_REPLICATION, "3", CommonSettings.TOPIC_MIN_ISR, "4"))));
        assertTrue(e.getMessage().startsWith("TOPIC_MIN_ISR"), e.getMessage());
    }

    @Test
    void givenALocalRun_whenTheBrokerCountIsGiven_thenTheServicesGet1And1Or3And2UnlessSet() {
        assertEquals(Map.of("TOPIC_REPLICATION", "1", "TOPIC_REPLICATION_FACTOR", "1", "TOPIC_MIN_ISR", "1"),
                LocalInfraMain.replication(Config.of(Map.of()), 1));
        assertEquals(Map.of("TOPIC_REPLICATION", "3", "TOPIC_REPLICATION_FACTOR", "3", "TOPIC_MIN_ISR", "2"),
                LocalInfraMain.replication(Config.of(Map.of()), 3));
        assertEquals(Map.of("TOPIC_REPLICATION", "3", "TOPIC_REPLICATION_FACTOR", "3", "TOPIC_MIN_ISR", "3"),
                LocalInfraMain.replication(Config.of(Map.of("TOPIC_MIN_ISR", "3")), 3));
        var e = assertThrows(ConfigException.class,
                () -> LocalInfraMain.replication(Config.of(Map.of("TOPIC_REPLICATION", "3")), 1));
        assertTrue(e.getMessage().contains("TOPIC_REPLICATION") && e.getMessage().contains("RUN_BROKERS"), e.getMessage());
    }

    @Test
    void givenOneBroker_whenTopicsWithReplication3AreEnsured_thenRefusedNamingTheSettingAndNothingIsCreated() throws Exception {
        Topic<String, String> topic = new Topic<>("refused-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 1);

        var e = assertThrows(TopicAdmin.NotEnoughBrokersException.class, () -> TopicAdmin.ensure(
                TestInfra.config(Map.of(CommonSettings.TOPIC_REPLICATION, "3")), List.of(topic), Duration.ofSeconds(30)));

        assertTrue(e.getMessage().contains("TOPIC_REPLICATION") && e.getMessage().contains("1 broker(s)"), e.getMessage());
        try (var admin = TopicAdmin.admin(TestInfra.kafka().bootstrapServers())) {
            assertTrue(!admin.listTopics().names().get().contains(topic.name()), "the topic was not created");
        }
    }

    @Test
    void givenOneBroker_whenAStreamsApplicationStartsWithReplication3_thenItRefusesToStart() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Topic<String, String> in = new Topic<>("refused-in-" + run, Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(in));
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(in.name(), Consumed.with(Serdes.String(), Serdes.String())).groupByKey().count(Materialized.as("n"));
        Config config = TestInfra.config(Map.of(CommonSettings.TOPIC_REPLICATION, "3",
                CommonSettings.STATE_DIR, Files.createTempDirectory("refused").toString()));

        try (StreamsService service = new StreamsService("refused", builder.build(),
                StreamsService.baseProperties(config, "refused-" + run))) {
            var e = assertThrows(TopicAdmin.NotEnoughBrokersException.class, () -> service.start(Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("TOPIC_REPLICATION"), e.getMessage());
        }
    }
}
