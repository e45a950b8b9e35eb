package casino.materializer.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.kafka.DeadLetter;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.materializer.query.Aggregates;
import casino.materializer.query.Figures;
import casino.materializer.query.Figures.TopPlayer;
import casino.materializer.query.LocalReader;
import casino.materializer.query.Snapshot;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaterializerTopologyTest {
    /** A whole second, so that offsets below read as "seconds into the test". */
    private static final long T0 = 1_700_000_000_000L;
    private final AtomicLong clock = new AtomicLong(T0);
    private TopologyTestDriver driver;
    private TestInputTopic<Long, byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;
    private long nextId = 1;

    @BeforeEach
    void setUp() {
        StreamsBuilder builder = new StreamsBuilder();
        MaterializerTopology.build(builder, clock::get);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "materializer-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(builder.build(), props);
        input = driver.createInputTopic(MaterializerRegistry.SOURCE.name(), Serdes.Long().serializer(),
                Serdes.ByteArray().serializer());
        dlq = driver.createOutputTopic(MaterializerRegistry.DLQ.name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void givenBetsWinsAndDepositsOfTwoPlayers_whenMaterialized_thenTopPlayersFollowTheDefinitions() {
        bets(10, 3, 2);
        bets(11, 1, 0);
        deposit(10, 10_000);
        deposit(11, 30_000);
        send(event(10, EventType.GAME_START, null, null));

        Figures f = figures().figures();

        assertEquals(7, f.eventsTotal());
        assertEquals(new TopPlayer(10, 3), f.topPlayerBets());
        assertEquals(new TopPlayer(10, 2), f.topPlayerWins());
        assertEquals(new TopPlayer(11, 30_000), f.topPlayerDeposits());
    }

    @Test
    void givenPlayersWithEqualCounts_whenMaterialized_thenTheLowerPlayerIdWins() {
        bets(14, 2, 1);
        bets(12, 2, 1);
        bets(13, 1, 1);
        deposit(14, 500);
        deposit(12, 200);
        deposit(12, 300);

        Figures f = figures().figures();

        assertEquals(new TopPlayer(12, 2), f.topPlayerBets());
        assertEquals(new TopPlayer(12, 1), f.topPlayerWins());
        assertEquals(new TopPlayer(12, 500), f.topPlayerDeposits());
    }

    @Test
    void givenNoEvents_whenMaterialized_thenZerosAndNoTopPlayers() {
        Figures f = figures().figures();

        assertEquals(0, f.eventsTotal());
        assertEquals(new BigDecimal("0.00"), f.eventsPerMinute());
        assertEquals(new BigDecimal("0.00"), f.eventsPerSecondMovingAverage());
        assertEquals(TopPlayer.NONE, f.topPlayerBets());
        assertEquals(TopPlayer.NONE, f.topPlayerWins());
        assertEquals(TopPlayer.NONE, f.topPlayerDeposits());
        assertEquals("{\"events_total\":0,\"events_per_minute\":0.00,\"events_per_second_moving_average\":0.00,"
                + "\"top_player_bets\":{\"id\":0,\"count\":0},\"top_player_wins\":{\"id\":0,\"count\":0},"
                + "\"top_player_deposits\":{\"id\":0,\"count\":0}}", Json.write(f));
    }

    @Test
    void givenOnlyLosingBets_whenMaterialized_thenNobodyTopsTheWins() {
        bets(10, 2, 0);

        assertEquals(TopPlayer.NONE, figures().figures().topPlayerWins());
    }

    @Test
    void givenEventsSpreadOver90SecondsOfWallClock_whenMaterialized_thenTheMovingAverageCountsOnlyTheLast60Seconds() {
        // 2 events per second during the first 30 s, then 1 per second for 60 s; each in the middle of its second
        Snapshot atSecond59 = null;
        Snapshot atSecond60 = null;
        for (int s = 0; s < 90; s++) {
            if (s == 60) {
                clock.set(T0 + 60_000);
                atSecond60 = figures();
            }
            clock.set(T0 + s * 1000L + 500);
            send(event(10 + s % 5, EventType.GAME_START, null, null));
            if (s < 30) send(event(10 + s % 5, EventType.GAME_STOP, null, null));
            if (s == 59) {
                clock.set(T0 + 59_999);
                atSecond59 = figures();
            }
        }
        clock.set(T0 + 89_999);
        Snapshot atEnd = figures();

        // seconds 0..59: 30 x 2 + 30 x 1 = 90 events
        assertEquals(new BigDecimal("1.50"), atSecond59.figures().eventsPerSecondMovingAverage());
        // seconds 1..60: second 0 (2 events) has left the window, second 60 is still empty
        assertEquals(new BigDecimal("1.47"), atSecond60.figures().eventsPerSecondMovingAverage());
        // seconds 30..89: one event each
        assertEquals(new BigDecimal("1.00"), atEnd.figures().eventsPerSecondMovingAverage());
        assertEquals(120, atEnd.figures().eventsTotal());
        // 120 events over 89.499 s since the first one (at 0.5 s)
        assertEquals(new BigDecimal("80.45"), atEnd.figures().eventsPerMinute());
        assertEquals(60, atEnd.perSecond().size());
        assertTrue(atEnd.perSecond().stream().allMatch(n -> n == 1), "one event in each of the last 60 seconds");
    }

    @Test
    void givenMalformedAndRuleBreakingRecords_whenMaterialized_thenTheyGoToTheDeadLetterTopicAndCountingContinues() {
        input.pipeInput(10L, "{not json".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(10L, "null".getBytes(StandardCharsets.UTF_8)); // binds to no event at all
        send(CasinoEvent.raw(nextId++, 10, null, EventType.DEPOSIT, 500L, "EUR", null, Instant.now())); // no amount_eur
        // a bet without has_won did not win (common's reader): counted, not dead-lettered
        send(CasinoEvent.raw(nextId++, 10, 100L, EventType.BET, 500L, "EUR", null, Instant.now()).withAmountEur(500L));
        bets(10, 1, 1);

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        Figures f = figures().figures();

        assertEquals(3, dead.size());
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("null", new String(dead.get(1).value(), StandardCharsets.UTF_8));
        Set<String> fields = dead.stream().map(r -> DeadLetter.header(r.headers(), DeadLetter.FIELD))
                .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        assertEquals(Set.of("amount_eur"), fields, "malformed JSON names no field");
        assertTrue(DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON).contains("not a JSON object"));
        assertNotNull(dead.get(0).headers().lastHeader(DeadLetter.REASON));
        assertEquals(2, f.eventsTotal());
        assertEquals(new TopPlayer(10, 2), f.topPlayerBets());
        assertEquals(new TopPlayer(10, 1), f.topPlayerWins());
    }

    private Snapshot figures() {
        return Aggregates.combine(List.of(LocalReader.read(List.of(0),
                driver.getKeyValueStore(MaterializerRegistry.PARTITION_COUNTS),
                driver.getWindowStore(MaterializerRegistry.PER_SECOND),
                driver.getKeyValueStore(MaterializerRegistry.PLAYERS), clock.get())), clock.get());
    }

    private void bets(long player, int count, int won) {
        for (int i = 0; i < count; i++) {
            send(CasinoEvent.raw(nextId++, player, 100L, EventType.BET, 300L, "EUR", i < won, Instant.now())
                    .withAmountEur(300L));
        }
    }

    private void deposit(long player, long eurCents) {
        send(CasinoEvent.raw(nextId++, player, null, EventType.DEPOSIT, eurCents, "EUR", null, Instant.now())
                .withAmountEur(eurCents));
    }

    private CasinoEvent event(long player, EventType type, Long amount, String currency) {
        return CasinoEvent.raw(nextId++, player, 100L, type, amount, currency, null, Instant.now());
    }

    private void send(CasinoEvent e) {
        input.pipeInput(new TestRecord<>(e.playerId(), Json.write(e).getBytes(StandardCharsets.UTF_8)));
    }
}
