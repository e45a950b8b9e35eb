package casino.wallet.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.EventType;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import casino.infra.UpstreamEvents;
import casino.wallet.LedgerTopology;
import casino.wallet.RefusedRates;
import casino.wallet.ledger.LedgerRules;
import casino.wallet.ledger.ThresholdRule;
import casino.wallet.topics.WalletTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The casino feed of issue 21 on TopologyTestDriver, with upstream JSON as the Go generator writes it:
 * fields a type does not use are dropped and counted, amounts of 0 are no dead letter, an id that comes
 * back with other content is a new event (applied and counted), an exact repeat is applied once.
 */
class CasinoFeedTopologyTest {
    static final WalletTopics TOPICS = WalletTopics.DEFAULT;
    static final LedgerRules RULES = new LedgerRules("EUR", new ThresholdRule(Duration.ofSeconds(120), 1_000_000,
            Duration.ofMinutes(10)), 2);
    @TempDir
    Path stateDir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> casino;
    TestOutputTopic<String, WalletEvent> events;
    TestOutputTopic<byte[], byte[]> deadLetters;
    KeyValueStore<String, WalletState> balances;

    @BeforeEach
    void setUp() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "casino-feed-topology-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(LedgerTopology.build(TOPICS, RULES, RefusedRates.NONE, meters), p);
        casino = driver.createInputTopic(TOPICS.casinoFeed().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(TOPICS.events().name(), Serdes.String().deserializer(), WalletTopics.EVENT_SERDE.deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        balances = driver.getKeyValueStore(WalletTopics.BALANCES.name());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** A line as the Go generator writes it, enriched with amount_eur (null: none) for a bet or deposit. */
    static String line(long id, long player, EventType type, Long amount, Long eur, boolean won, String at) {
        return "{\"id\":" + id + ",\"player_id\":" + player + ",\"game_id\":104,\"type\":\"" + type.wireName() + "\""
                + (amount == null || amount == 0 ? "" : ",\"amount\":" + amount) + ",\"currency\":\"EUR\""
                + (won ? ",\"has_won\":true" : "") + ",\"created_at\":\"" + at + "\""
                + (eur == null ? "" : ",\"amount_eur\":" + eur) + ",\"player\":" + UpstreamEvents.GO_ZERO_PLAYER + ",\"description\":\"\"}";
    }

    void pipe(String json) {
        casino.pipeInput("k".getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8));
    }

    long balance(long player) {
        WalletState s = balances.get(CasinoFeed.walletId(player));
        return s == null ? 0 : s.getBalance().getMinor();
    }

    double counter(String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    List<WalletEvent> outcomes() {
        return events.readValuesToList().stream().filter(e -> e.getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET).toList();
    }

    @Test
    void givenEveryUpstreamCase_whenFed_thenNoneIsDeadLettered_andTheFieldsTheirTypeDoesNotUseAreCounted() {
        int ignored = 0;
        for (UpstreamEvents.Case c : UpstreamEvents.CASES) {
            String json = c.json();
            if (c.expected().type().hasAmount()) json = json.replace(",\"created_at\"", ",\"amount_eur\":" + c.expected().amount() + ",\"created_at\"");
            pipe(json);
            ignored += c.ignored().size();
        }
        assertEquals(List.of(), deadLetters.readRecordsToList().stream().map(r -> new String(r.value())).toList());
        assertEquals(ignored, meters.find("casino.events.fields.ignored").counters().stream().mapToDouble(Counter::count).sum());
        assertEquals(1.0, counter("casino.events.fields.ignored", "type", "game_start", "field", "has_won"));
        assertEquals(2.0, counter("casino.events.fields.ignored", "type", "deposit", "field", "game_id"), "two Go deposits carry a game");
        assertEquals(1999 + 10000, balance(12), "the Go deposit with a game and a win, and seed 000's deposit, credit their amount_eur");
    }

    @Test
    void givenAmountsOf0_whenFed_thenNoDeadLetter_aDepositOf0IsSkipped_andABetOf0ChangesNoBalance() {
        pipe(line(1, 10, EventType.DEPOSIT, 500L, 500L, false, "2026-01-10T12:00:00Z"));
        pipe(line(2, 10, EventType.DEPOSIT, null, null, false, "2026-01-10T12:00:01Z")); // Go omits amount 0
        pipe(line(3, 10, EventType.BET, null, null, true, "2026-01-10T12:00:02+01:00"));
        assertTrue(deadLetters.isEmpty(), "amounts of 0 are no dead letters");
        List<WalletEvent> out = outcomes();
        assertEquals(2, out.size(), "the deposit of 500 and the bet of 0: " + out);
        assertEquals(Outcome.APPLIED, out.get(1).getOutcome());
        assertEquals(0, out.get(1).getDebitMinor());
        assertEquals(500, balance(10));
        assertEquals(1.0, counter("wallet.feed.zero.deposits"));
    }

    @Test
    void givenAnIdReusedWithOtherContent_whenFed_thenItIsApplied_andCounted() {
        pipe(line(1, 10, EventType.DEPOSIT, 500L, 500L, false, "2026-01-10T12:00:00Z"));
        // a producer restarted: id 1 again, another player and amount
        pipe(line(1, 11, EventType.DEPOSIT, 700L, 700L, false, "2026-01-10T13:00:00Z"));
        pipe(line(1, 10, EventType.DEPOSIT, 300L, 300L, false, "2026-01-10T14:00:00Z"));
        assertEquals(800, balance(10));
        assertEquals(700, balance(11));
        assertEquals(2.0, counter("casino.events.id.reused"));
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void givenAnExactRepeat_whenFed_thenItIsAppliedOnce_andNotCountedAsReused() {
        String deposit = line(7, 12, EventType.DEPOSIT, 500L, 500L, true, "2026-01-10T12:00:00.123456789+02:00");
        String bet = line(8, 12, EventType.BET, 200L, 200L, true, "2026-01-10T12:00:01Z");
        pipe(deposit);
        pipe(bet);
        pipe(deposit);
        pipe(bet);
        assertEquals(500 - 200 + 400, balance(12));
        List<WalletEvent> out = outcomes();
        assertEquals(4, out.size());
        assertTrue(out.get(2).getReplay() && out.get(3).getReplay(), "the repeats are answered as replays");
        assertEquals(0.0, counter("casino.events.id.reused"));
    }
}
