package casino.enricher.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.event.Player;
import casino.infra.TestInfra;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;

/** The per-poll lookup against the real Postgres, fed the records one poll would return. */
class PollLookupInterceptorTest {
    private static final String TOPIC = "events";
    private final LongSerializer keys = new LongSerializer();

    private static void sql(String statement) throws SQLException {
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static PollLookupInterceptor interceptor(PlayerLookup lookup) {
        PollLookupInterceptor i = new PollLookupInterceptor();
        i.configure(PollLookupInterceptor.config(lookup, TOPIC));
        return i;
    }

    private ConsumerRecords<byte[], byte[]> poll(byte[]... recordKeys) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (int n = 0; n < recordKeys.length; n++) {
            list.add(new ConsumerRecord<>(TOPIC, 0, n, recordKeys[n], "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return new ConsumerRecords<>(Map.of(new TopicPartition(TOPIC, 0), list), Map.of());
    }

    private static PlayerHeader.LookedUp lookedUp(ConsumerRecord<byte[], byte[]> r) {
        Header h = r.headers().lastHeader(PlayerHeader.NAME);
        return h == null ? null : PlayerHeader.decode(h.value());
    }

    @Test
    void givenOnePoll_whenConsumed_thenEachRecordCarriesItsPlayerFromOneQuery() {
        PlayerLookup lookup = new PlayerLookup(TestInfra.dataSource());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        interceptor(lookup).onConsume(poll(keys.serialize(TOPIC, 10L), keys.serialize(TOPIC, 15L), keys.serialize(TOPIC, 10L),
                null, "x".getBytes(StandardCharsets.UTF_8))).forEach(records::add);

        assertEquals(1, lookup.queries(), "one query for the whole poll");
        assertEquals(new PlayerHeader.LookedUp(10L, lookedUp(records.get(0)).player()), lookedUp(records.get(0)));
        assertEquals("john@example.com", lookedUp(records.get(0)).player().email());
        assertNotNull(lookedUp(records.get(0)).player().lastSignedInAt());
        assertEquals(new PlayerHeader.LookedUp(15L, Player.UNKNOWN), lookedUp(records.get(1)), "no row: unknown player");
        assertEquals("john@example.com", lookedUp(records.get(2)).player().email());
        assertNull(lookedUp(records.get(3)), "no key: the enrich step looks it up itself");
        assertNull(lookedUp(records.get(4)), "a key that is not a player id: looked up later");
    }

    @Test
    void givenARowChangesBetweenPolls_whenTheNextPollIsConsumed_thenItCarriesTheChange() throws SQLException {
        sql("INSERT INTO players (id, email) VALUES (7101, 'before@example.com') ON CONFLICT (id) DO UPDATE SET email = 'before@example.com'");
        PollLookupInterceptor interceptor = interceptor(new PlayerLookup(TestInfra.dataSource()));
        ConsumerRecord<byte[], byte[]> first = interceptor.onConsume(poll(keys.serialize(TOPIC, 7101L))).iterator().next();
        sql("UPDATE players SET email = 'after@example.com' WHERE id = 7101");
        ConsumerRecord<byte[], byte[]> second = interceptor.onConsume(poll(keys.serialize(TOPIC, 7101L))).iterator().next();

        assertEquals("before@example.com", lookedUp(first).player().email());
        assertEquals("after@example.com", lookedUp(second).player().email(), "nothing kept from the earlier poll");
    }

    @Test
    void givenPostgresDown_whenAPollIsConsumed_thenRecordsPassWithoutLookupAndTheNextPollsDoNotWaitForIt() {
        try (HikariDataSource dead = Database.pool(Config.of(Map.of(CommonSettings.DATABASE_URL, "jdbc:postgresql://localhost:1/postgres")), "dead")) {
            dead.getHikariConfigMXBean().setConnectionTimeout(300);
            PlayerLookup lookup = new PlayerLookup(dead);
            PollLookupInterceptor interceptor = interceptor(lookup);
            ConsumerRecords<byte[], byte[]> polled = poll(keys.serialize(TOPIC, 10L));

            assertSame(polled, interceptor.onConsume(polled), "the records go on");
            assertNull(lookedUp(polled.iterator().next()), "no lookup: the enrich step holds it until Postgres is back");
            interceptor.onConsume(poll(keys.serialize(TOPIC, 11L)));
            assertEquals(1, lookup.queries(), "the next poll within the retry pause does not try again");
        }
    }

    @Test
    void givenARecordProducedWithAForgedLookupHeader_whenConsumed_thenOnlyThisConsumersLookupIsOnIt() {
        byte[] forged = PlayerHeader.encode(10L, new Player("forged@example.com", null));
        ConsumerRecords<byte[], byte[]> polled = poll(keys.serialize(TOPIC, 10L), "x".getBytes(StandardCharsets.UTF_8));
        polled.forEach(r -> r.headers().add(PlayerHeader.NAME, forged));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        interceptor(new PlayerLookup(TestInfra.dataSource())).onConsume(polled).forEach(records::add);

        assertEquals(1, records.get(0).headers().toArray().length, "the forged header is gone, the lookup's is there");
        assertEquals("john@example.com", lookedUp(records.get(0)).player().email());
        assertNull(lookedUp(records.get(1)), "not looked up here, and the forged header is not trusted later");
    }

    @Test
    void givenPlayerLookups_whenEncodedAndDecoded_thenEverythingComesBackExactly() {
        Player p = new Player("zoë@example.com", Instant.parse("2022-01-10T12:34:56.123456789Z"));
        assertEquals(new PlayerHeader.LookedUp(11L, p), PlayerHeader.decode(PlayerHeader.encode(11L, p)));
        Player noSignIn = new Player("a@b.c", null);
        assertEquals(new PlayerHeader.LookedUp(12L, noSignIn), PlayerHeader.decode(PlayerHeader.encode(12L, noSignIn)));
        assertEquals(new PlayerHeader.LookedUp(13L, Player.UNKNOWN), PlayerHeader.decode(PlayerHeader.encode(13L, null)));
        assertNull(PlayerHeader.decode(new byte[] {1, 2, 3}), "not a lookup");
    }
}
