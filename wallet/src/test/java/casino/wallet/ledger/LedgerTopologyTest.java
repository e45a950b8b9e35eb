package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.Topics;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet topology on TopologyTestDriver: deposits, the threshold flag, the casino feed, dead letters. */
class LedgerTopologyTest {
    static final Instant T0 = LedgerFixture.T0;
    static final WalletTopics TOPICS = LedgerFixture.TOPICS;
    final LedgerFixture given = new LedgerFixture();

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, Command> commands;
    TestInputTopic<Long, CasinoEvent> casino;
    TestInputTopic<byte[], byte[]> rawCommands;
    TestInputTopic<byte[], byte[]> rawCasino;
    TestOutputTopic<String, WalletEvent> events;
    TestOutputTopic<byte[], byte[]> deadLetters;
    KeyValueStore<String, WalletState> balances;

    @BeforeEach
    void setUp() {
        driver = LedgerFixture.driver(stateDir, "wallet-topology-test");
        commands = driver.createInputTopic(TOPICS.commands().name(), Serdes.String().serializer(), WalletTopics.COMMAND_SERDE.serializer());
        rawCommands = driver.createInputTopic(TOPICS.commands().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        casino = driver.createInputTopic(TOPICS.casinoFeed().name(), Serdes.Long().serializer(), Topics.EVENT_SERDE.serializer());
        rawCasino = driver.createInputTopic(TOPICS.casinoFeed().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(TOPICS.events().name(), Serdes.String().deserializer(), WalletTopics.EVENT_SERDE.deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        balances = driver.getKeyValueStore(WalletTopics.BALANCES.name());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** Deposits {@code cents} to the wallet at T0 + seconds and returns the flag the ledger answered. */
    boolean deposit(String wallet, long seconds, long cents) {
        Command deposit = given.deposit(wallet, cents, null, seconds);
        String id = deposit.getRequestId();
        commands.pipeInput(wallet, deposit);
        List<WalletEvent> out = outcomes();
        assertEquals(1, out.size(), out.toString());
        WalletEvent e = out.get(0);
        assertEquals(Outcome.APPLIED, e.getOutcome());
        assertEquals(id, e.getRequestId());
        return e.getAboveThreshold();
    }

    /** The outcomes emitted since the last read (external events skipped). */
    List<WalletEvent> outcomes() {
        return events.readValuesToList().stream().filter(e -> e.getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET).toList();
    }

    @Test
    void givenTwo6000WithinTwoMinutes_thenAboveThreshold() {
        assertFalse(deposit("w", 0, 600_000));
        assertTrue(deposit("w", 90, 600_000));
        assertTrue(balances.get("w").getAboveThreshold());
    }

    @Test
    void given6000Then6000At121Seconds_thenNotAbove() {
        assertFalse(deposit("w", 0, 600_000));
        assertFalse(deposit("w", 121, 600_000));
    }

    @Test
    void givenDepositsAtTAndTPlus120_thenNotSummed_butAtTPlus119_thenSummed() {
        assertFalse(deposit("a", 0, 600_000));
        assertFalse(deposit("a", 120, 600_000));
        assertFalse(deposit("b", 0, 600_000));
        assertTrue(deposit("b", 119, 600_000));
    }

    @Test
    void givenSix2000_20SecondsApart_thenAbove_andFive2000_thenNot() {
        for (int i = 0; i < 5; i++) assertFalse(deposit("six", i * 20L, 200_000));
        assertTrue(deposit("six", 100, 200_000));
        for (int i = 0; i < 5; i++) assertFalse(deposit("five", i * 20L, 200_000));
    }

    @Test
    void givenOne10000_01_thenAbove_andStaysAboveAfterTwoQuietMinutes() {
        assertTrue(deposit("w", 0, 1_000_001));
        assertTrue(deposit("w", 300, 1));
    }

    @Test
    void givenTheSameFingerprintTwice_thenAppliedOnceAndTheReplayCarriesTheOriginalBalance() {
        Command c = Command.newBuilder().setRequestId("r1").setFingerprint("fp").setDeposit(DepositRequest.newBuilder()
                .setWalletId("w").setAmount(Money.newBuilder().setMinor(500).setCurrency("EUR")).setCreatedAtMs(1)).build();
        commands.pipeInput("w", c);
        commands.pipeInput("w", c.toBuilder().setRequestId("r2").build());
        List<WalletEvent> out = outcomes();
        assertEquals(2, out.size());
        assertFalse(out.get(0).getReplay());
        assertTrue(out.get(1).getReplay());
        assertEquals("r2", out.get(1).getRequestId());
        assertEquals(500, out.get(1).getBalance().getMinor());
        assertEquals(500, balances.get("w").getBalance().getMinor());
    }

    static CasinoEvent casinoEvent(long id, long player, EventType type, Long eur, Boolean won) {
        return new CasinoEvent(id, player, type == EventType.DEPOSIT ? null : 100L, type,
                type.hasAmount() ? eur : null, type.hasAmount() ? "EUR" : null, won, T0.plusSeconds(id),
                type.hasAmount() ? eur : null, null, null);
    }

    @Test
    void givenCasinoEvents_thenPlayerWalletsAreCreditedDebitedAndPaidOncePerEvent() {
        casino.pipeInput(10L, casinoEvent(1, 10, EventType.DEPOSIT, 1_000L, null));
        casino.pipeInput(10L, casinoEvent(2, 10, EventType.GAME_START, null, null));
        casino.pipeInput(10L, casinoEvent(3, 10, EventType.BET, 300L, false));
        casino.pipeInput(10L, casinoEvent(4, 10, EventType.BET, 200L, true));
        casino.pipeInput(10L, casinoEvent(5, 10, EventType.BET, 5_000L, false));
        casino.pipeInput(10L, casinoEvent(4, 10, EventType.BET, 200L, true)); // the same event again
        casino.pipeInput(10L, casinoEvent(6, 10, EventType.GAME_STOP, null, null));
        List<KeyValue<String, WalletEvent>> out = events.readKeyValuesToList().stream()
                .filter(kv -> kv.value.getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET).toList();
        assertEquals(5, out.size(), "game_start/game_stop change nothing: " + out);
        out.forEach(kv -> assertEquals("player-10", kv.key));
        assertEquals(1_000 - 300 - 200 + 400, balances.get("player-10").getBalance().getMinor());
        WalletEvent rejected = out.get(3).value;
        assertEquals(Outcome.REJECTED, rejected.getOutcome());
        CasinoEvent five = casinoEvent(5, 10, EventType.BET, 5_000L, false);
        assertEquals("casino-5-" + five.contentDigest(), rejected.getFingerprint(), "the event's id and content");
        assertTrue(out.get(4).value.getReplay());
        WalletState s = balances.get("player-10");
        assertEquals(s.getBalance().getMinor(), s.getTotalCreditMinor() - s.getTotalDebitMinor());
    }

    @Test
    void givenCasinoDeposits_thenTheyCountTowardTheThreshold() {
        casino.pipeInput(11L, casinoEvent(1, 11, EventType.DEPOSIT, 600_000L, null));
        casino.pipeInput(11L, casinoEvent(30, 11, EventType.DEPOSIT, 600_000L, null));
        assertTrue(balances.get("player-11").getAboveThreshold());
    }

    @Test
    void givenMalformedRecords_thenTheyGoToTheDeadLetterTopicWithTheReason_andProcessingContinues() {
        rawCasino.pipeInput("x".getBytes(), "{not json".getBytes(StandardCharsets.UTF_8));
        casino.pipeInput(12L, casinoEvent(1, 12, EventType.DEPOSIT, 500L, null).withAmountEur(null));
        rawCommands.pipeInput("w".getBytes(), new byte[] {0x0a, (byte) 0xff});
        rawCommands.pipeInput("bad key!".getBytes(), Command.getDefaultInstance().toByteArray());
        assertFalse(deposit("w", 0, 100), "the next good command is applied");
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(4, dead.size());
        assertTrue(new String(dead.get(0).headers().lastHeader(DeadLetter.REASON).value()).contains("unreadable"));
        assertTrue(new String(dead.get(1).headers().lastHeader(DeadLetter.REASON).value()).contains("amount_eur"));
        assertEquals(TOPICS.commands().name(), new String(dead.get(2).headers().lastHeader(DeadLetter.SOURCE_TOPIC).value()));
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8), "the original bytes are kept");
        assertEquals(100, balances.get("w").getBalance().getMinor());
    }
}
