package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.kafka.DeadLetter;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import casino.wallet.topics.WalletTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CommandBatch record (the HTTP edge's batching) on TopologyTestDriver: each item decided as if it came alone, in order. */
class BatchTopologyTest {
    static final WalletTopics TOPICS = LedgerFixture.TOPICS;
    /** The partition count the batches claim; the driver reads every record on partition 0. */
    static final int PARTITIONS = 4;
    final LedgerFixture given = new LedgerFixture();

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> commands;
    TestOutputTopic<String, byte[]> events;
    TestOutputTopic<byte[], byte[]> deadLetters;
    KeyValueStore<String, WalletState> balances;

    @BeforeEach
    void setUp() {
        driver = LedgerFixture.driver(stateDir, "wallet-batch-test");
        commands = driver.createInputTopic(TOPICS.commands().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(TOPICS.events().name(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        balances = driver.getKeyValueStore(WalletTopics.BALANCES.name());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    /** Wallet ids "w-<n>" that Kafka's default partitioner puts on partition 0 (or not) of PARTITIONS. */
    static List<String> wallets(boolean onPartitionZero, int count) {
        return IntStream.range(0, 1000).mapToObj(n -> "w-" + n)
                .filter(w -> (BuiltInPartitioner.partitionForKey(w.getBytes(StandardCharsets.UTF_8), PARTITIONS) == 0) == onPartitionZero)
                .limit(count).toList();
    }

    void pipeBatch(List<String> walletIds, List<Command> items) {
        byte[] value = CommandBatch.newBuilder().setPartitions(PARTITIONS).addAllWalletIds(walletIds).addAllCommands(items).build()
                .toByteArray();
        RecordHeaders headers = new RecordHeaders();
        headers.add(WalletTopics.COMMAND_BATCH_HEADER, new byte[] {1});
        commands.pipeInput(new TestRecord<>(walletIds.get(0).getBytes(StandardCharsets.UTF_8), value, headers));
    }

    /** The outcomes on wallet.events, in order; {@link #outcomeRecords} counts the records that carried them. */
    List<WalletEvent> outcomes() {
        List<WalletEvent> outcomes = new ArrayList<>();
        for (TestRecord<String, byte[]> r : events.readRecordsToList()) {
            List<EventRecords.Answer> answers = EventRecords.answers(r.key(), r.headers(), r.value());
            if (!answers.isEmpty()) outcomeRecords++;
            for (EventRecords.Answer a : answers) outcomes.add(WalletTopics.EVENT_SERDE.deserializer().deserialize("", a.value()));
        }
        return outcomes;
    }

    int outcomeRecords;

    @Test
    void givenABatchOfDepositsForTwoWallets_thenEachIsDecidedInOrder_withItsOwnOutcome_andAReplayInsideTheBatchIsAReplay() {
        List<String> w = wallets(true, 2);
        Command first = given.deposit(w.get(0), 1000, "f-1", 1);
        Command other = given.deposit(w.get(1), 2000, "f-1", 2);
        Command again = given.deposit(w.get(0), 1000, "f-1", 3);
        Command second = given.deposit(w.get(0), 500, "f-2", 4);
        pipeBatch(List.of(w.get(0), w.get(1), w.get(0), w.get(0)), List.of(first, other, again, second));
        List<WalletEvent> out = outcomes();
        assertEquals(List.of(first.getRequestId(), other.getRequestId(), again.getRequestId(), second.getRequestId()),
                out.stream().map(WalletEvent::getRequestId).toList());
        assertTrue(out.stream().allMatch(e -> e.getOutcome() == Outcome.APPLIED), out.toString());
        assertEquals(List.of(false, false, true, false), out.stream().map(WalletEvent::getReplay).toList());
        assertEquals(List.of(1000L, 2000L, 1000L, 1500L), out.stream().map(e -> e.getBalance().getMinor()).toList());
        assertEquals(1, outcomeRecords, "one Outcomes record answers the whole batch");
        assertEquals(1500, balances.get(w.get(0)).getBalance().getMinor());
        assertEquals(2000, balances.get(w.get(1)).getBalance().getMinor());
        assertTrue(deadLetters.isEmpty());
    }

    @Test
    void givenABatchWithAWalletOfAnotherPartition_thenThatItemIsDeadLettered_andTheOthersApplied() throws Exception {
        String here = wallets(true, 1).get(0);
        String elsewhere = wallets(false, 1).get(0);
        Command stray = given.deposit(elsewhere, 100, null, 1);
        Command good = given.deposit(here, 300, null, 2);
        pipeBatch(List.of(here, elsewhere, here), List.of(given.deposit(here, 200, null, 0), stray, good));
        assertEquals(List.of(200L, 500L), outcomes().stream().map(e -> e.getBalance().getMinor()).toList());
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("wallet_ids", new String(dead.get(0).headers().lastHeader(DeadLetter.FIELD).value(), StandardCharsets.UTF_8));
        assertEquals(stray, Command.parseFrom(dead.get(0).value()), "the item's own bytes");
        assertEquals(null, balances.get(elsewhere), "nothing stored for a wallet of another partition");
    }

    @Test
    void givenAnUnreadableBatch_thenItIsDeadLettered_andTheNextSingleCommandIsApplied() {
        String here = wallets(true, 1).get(0);
        RecordHeaders headers = new RecordHeaders();
        headers.add(WalletTopics.COMMAND_BATCH_HEADER, new byte[] {1});
        commands.pipeInput(new TestRecord<>(here.getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, 1, 2}, headers));
        commands.pipeInput(here.getBytes(StandardCharsets.UTF_8), given.deposit(here, 700, null, 1).toByteArray());
        assertEquals(1, deadLetters.readRecordsToList().size());
        List<WalletEvent> out = outcomes();
        assertEquals(1, out.size());
        assertFalse(out.get(0).getReplay());
        assertEquals(700, balances.get(here).getBalance().getMinor());
    }
}
