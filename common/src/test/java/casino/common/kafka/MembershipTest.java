package casino.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GROUP_INSTANCE_ID and STANDBY_REPLICAS as every Streams service gets them from common's base properties. */
class MembershipTest {
    private static final String ID = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

    @Test
    void givenNothingSet_whenBasePropertiesAreBuilt_thenOneStandbyAndNoExplicitInstanceId() {
        Properties p = StreamsService.baseProperties(Config.of(Map.of()), "app");
        assertEquals(1, p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertTrue(Membership.consumerSetting(p, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG).isEmpty());
    }

    @Test
    void givenBothSet_whenBasePropertiesAreBuilt_thenTheyAreUsed() {
        Properties p = StreamsService.baseProperties(Config.of(Map.of(CommonSettings.GROUP_INSTANCE_ID, "wallet-0",
                CommonSettings.STANDBY_REPLICAS, "0")), "app");
        assertEquals(0, p.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        assertEquals("wallet-0", Membership.complete(p).get(ID));
    }

    @Test
    void givenBadValues_whenRead_thenRefusedNamingTheSetting() {
        for (String bad : new String[] {"a b", "x:8080", "..", "é"}) {
            var e = assertThrows(ConfigException.class, () -> StreamsService.baseProperties(
                    Config.of(Map.of(CommonSettings.GROUP_INSTANCE_ID, bad)), "app"), bad);
            assertTrue(e.getMessage().startsWith("GROUP_INSTANCE_ID"), e.getMessage());
        }
        var e = assertThrows(ConfigException.class, () -> StreamsService.baseProperties(
                Config.of(Map.of(CommonSettings.STANDBY_REPLICAS, "-1")), "app"));
        assertTrue(e.getMessage().startsWith("STANDBY_REPLICAS"), e.getMessage());
    }

    @Test
    void givenTwoInstancesOnOneHost_whenNoIdIsSet_thenEachGetsItsOwnStableOne(@TempDir Path dir) {
        Properties a = StreamsService.baseProperties(Config.of(Map.of(CommonSettings.STATE_DIR, dir.resolve("a").toString())), "app");
        Properties b = StreamsService.baseProperties(Config.of(Map.of(CommonSettings.STATE_DIR, dir.resolve("b").toString())), "app");
        // no endpoint: the state directory tells them apart, and the same directory again is the same member
        assertNotEquals(Membership.complete(a).get(ID), Membership.complete(b).get(ID));
        assertEquals(Membership.complete(a).get(ID), Membership.complete(a).get(ID));
        assertTrue(Membership.complete(a).get(ID).toString().startsWith(Membership.hostName().replaceAll("[^a-zA-Z0-9._-]", "-") + "-state-"));
        // an advertised endpoint: the id names it (another port or host is another member)
        a.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:8080");
        b.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:8090");
        assertTrue(Membership.complete(a).get(ID).toString().endsWith("-localhost-8080"), Membership.complete(a).get(ID).toString());
        assertNotEquals(Membership.complete(a).get(ID), Membership.complete(b).get(ID));
    }

    @Test
    void givenASessionTimeoutWithoutHeartbeat_whenCompleted_thenTheHeartbeatIsAThirdOfItAtMost3s() {
        Properties p = StreamsService.baseProperties(Config.of(Map.of()), "app");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 3000);
        assertEquals(1000, Membership.complete(p).get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 45000);
        assertEquals(3000, Membership.complete(p).get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG)));
    }

    @Test
    void givenAService_whenBuilt_thenItsStreamThreadsUseTheInstanceId() {
        Properties p = StreamsService.baseProperties(Config.of(Map.of(CommonSettings.GROUP_INSTANCE_ID, "wallet-0")), "app");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in");
        try (StreamsService s = new StreamsService("membership", builder.build(), p, () -> {})) {
            assertEquals("wallet-0", s.groupInstanceId());
            Map<String, Object> consumer = new StreamsConfig(Membership.complete(p)).getMainConsumerConfigs("app", "c", 0);
            assertEquals("wallet-0-0", consumer.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        }
    }
}
