package casino.materializer.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.common.kafka.DeadLetter;
import casino.infra.UpstreamEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The counting topology against common's table of upstream lines, and totals that would overflow. */
class MaterializerUpstreamTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<Long, byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private KeyValueStore<Long, PlayerTotals> players;
    private KeyValueStore<Integer, PartitionCount> counts;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        MaterializerTopology.build(builder, MaterializerRegistry.SOURCE, clock::get, registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "materializer-upstream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(MaterializerRegistry.SOURCE.name(), Serdes.Long().serializer(), Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(MaterializerRegistry.DLQ.name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        players = driver.getKeyValueStore(MaterializerRegistry.PLAYERS);
        counts = driver.getKeyValueStore(MaterializerRegistry.PARTITION_COUNTS);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** The line as the enricher would pass it on: everything upstream wrote, plus amount_eur on bets and deposits. */
    private static String withAmountEur(UpstreamEvents.Case c, long eur) {
        String json = c.json();
        return c.expected().type().hasAmount() ? json.substring(0, json.length() - 1) + ",\"amount_eur\":" + eur + "}" : json;
    }

    @Test
    void givenEveryUpstreamLineOfTheTable_whenCounted_thenTotalsFollowTheEventTheTableExpectsAndIgnoredFieldsAreCounted() {
        Map<Long, PlayerTotals> expected = new TreeMap<>();
        Map<String, Double> ignored = new TreeMap<>();
        long eur = 1_000;
        for (UpstreamEvents.Case c : UpstreamEvents.CASES) {
            CasinoEvent e = c.expected();
            eur += 7;
            input.pipeInput(e.playerId(), withAmountEur(c, eur).getBytes(StandardCharsets.UTF_8));
            PlayerTotals add = switch (e.type()) {
                case BET -> new PlayerTotals(e.playerId(), 1, e.hasWon() ? 1 : 0, 0);
                case DEPOSIT -> new PlayerTotals(e.playerId(), 0, 0, eur);
                default -> null;
            };
            if (add != null) expected.merge(e.playerId(), add, PlayerTotals::plus);
            c.ignored().forEach(f -> ignored.merge(e.type().wireName() + "/" + f, 1.0, Double::sum));
        }

        assertTrue(dlq.isEmpty(), () -> "dead-lettered: " + dlq.readRecordsToList());
        assertEquals(UpstreamEvents.CASES.size(), counts.get(0).events(), "every line counted");
        Map<Long, PlayerTotals> actual = new TreeMap<>();
        players.all().forEachRemaining(kv -> actual.put(kv.key, kv.value));
        assertEquals(expected, actual);
        Map<String, Double> counted = new TreeMap<>();
        for (Counter counter : registry.find("casino.events.fields.ignored").counters()) {
            counted.put(counter.getId().getTag("type") + "/" + counter.getId().getTag("field"), counter.count());
        }
        assertEquals(ignored, counted);
    }

    @Test
    void givenTheTablesDepositsWithoutAmountEur_whenCounted_thenTheyAreDeadLetteredNamingAmountEur() {
        List<UpstreamEvents.Case> deposits = UpstreamEvents.CASES.stream().filter(c -> c.expected().type() == EventType.DEPOSIT).toList();
        for (UpstreamEvents.Case c : deposits) input.pipeInput(c.expected().playerId(), c.json().getBytes(StandardCharsets.UTF_8));
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(deposits.size(), dead.size(), "a raw deposit has no EUR amount to add");
        dead.forEach(r -> assertEquals("amount_eur", DeadLetter.header(r.headers(), DeadLetter.FIELD)));
    }

    @Test
    void givenADepositThatWouldOverflowItsPlayersTotal_whenCounted_thenItIsDeadLetteredAndTheTotalsAreUnchanged() {
        deposit(1, 10, 100);
        deposit(2, 10, Long.MAX_VALUE);
        deposit(3, 11, Long.MAX_VALUE); // alone it fits
        deposit(4, 10, 50);

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals(2L, Json.MAPPER.convertValue(read(dead.get(0).value()), CasinoEvent.class).id(), "the original record");
        String reason = DeadLetter.header(dead.get(0).headers(), DeadLetter.REASON);
        assertTrue(reason.startsWith("total-overflow: ") && reason.contains("player 10"), reason);
        assertEquals("amount_eur", DeadLetter.header(dead.get(0).headers(), DeadLetter.FIELD));
        assertEquals(new PlayerTotals(10, 0, 0, 150), players.get(10L), "never wrapped");
        assertEquals(new PlayerTotals(11, 0, 0, Long.MAX_VALUE), players.get(11L));
        assertEquals(3, counts.get(0).events(), "the dead letter is not counted as an event");
    }

    private void deposit(long id, long player, long eurCents) {
        CasinoEvent e = CasinoEvent.raw(id, player, null, EventType.DEPOSIT, 1L, "EUR", null, Instant.parse("2026-12-07T18:00:00Z"))
                .withAmountEur(eurCents);
        input.pipeInput(player, Json.write(e).getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
