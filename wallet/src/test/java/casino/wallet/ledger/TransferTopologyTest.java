package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.money.FxRate;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.TransferStatus;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import casino.wallet.topics.WalletTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rates, conversion and the transfer saga through the whole topology on TopologyTestDriver: rates
 * come from fx.rates into the global store, a transfer's steps go through wallet.commands, each refusal
 * has its code and moves nothing, a refused credit is refunded. Wallets: {@code e} EUR with 100.00,
 * {@code u} USD, {@code j} JPY; USD 1.25 and JPY 160 per EUR.
 */
class TransferTopologyTest {
    final LedgerFixture given = new LedgerFixture();
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, Command> commands;
    TestInputTopic<String, FxRate> rates;
    TestInputTopic<String, byte[]> rawRates;
    TestOutputTopic<String, WalletEvent> events;
    KeyValueStore<String, WalletState> balances;
    KeyValueStore<String, TransferRecord> transfers;

    @BeforeEach
    void setUp() {
        driver = LedgerFixture.driver(stateDir, "wallet-transfer-test");
        commands = driver.createInputTopic(LedgerFixture.TOPICS.commands().name(), Serdes.String().serializer(),
                WalletTopics.COMMAND_SERDE.serializer());
        rates = driver.createInputTopic(LedgerFixture.TOPICS.fxRates().name(), Serdes.String().serializer(), FxRate.SERDE.serializer());
        rawRates = driver.createInputTopic(LedgerFixture.TOPICS.fxRates().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(LedgerFixture.TOPICS.events().name(), Serdes.String().deserializer(),
                WalletTopics.EVENT_SERDE.deserializer());
        balances = driver.getKeyValueStore(WalletTopics.BALANCES.name());
        transfers = driver.getKeyValueStore(WalletTopics.TRANSFERS.name());
        rate("USD", "1.25");
        rate("JPY", "160");
        send(given.create("e", "EUR"));
        send(given.create("u", "USD"));
        send(given.create("j", "JPY"));
        send(given.post("e", "100.00", "", "fund"));
        events.readRecordsToList();
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    void rate(String currency, String perEur) {
        rates.pipeInput(currency, LedgerFixture.rate(currency, perEur));
    }

    void send(Command command) {
        commands.pipeInput(Commands.walletId(command), command);
    }

    /** The outcomes (not external events) emitted since the last call, by request id. */
    Map<String, WalletEvent> outcomes() {
        return events.readValuesToList().stream().filter(e -> !e.getRequestId().isEmpty())
                .collect(Collectors.toMap(WalletEvent::getRequestId, Function.identity()));
    }

    long balance(String wallet) {
        return balances.get(wallet).getBalance().getMinor();
    }

    @Test
    void givenFunds_whenTransferredCrossCurrency_thenTheThreeStepsCommit_andBothLegsAreInTheBalances() {
        Command transfer = given.transfer("e", "u", "10.00", "", "t1");
        send(transfer);
        Map<String, WalletEvent> out = outcomes();
        String r = transfer.getRequestId();
        assertEquals(Outcome.APPLIED, out.get(r).getOutcome());
        assertEquals(Outcome.APPLIED, out.get(r + "/in").getOutcome());
        WalletEvent settled = out.get(Commands.settleRequest(r));
        assertEquals(TransferStatus.COMPLETED, settled.getTransfer().getStatus());
        assertEquals(1_250, settled.getTransfer().getCredited().getMinor());
        assertEquals(9_000, balance("e"));
        assertEquals(1_250, balance("u"));
        assertEquals(TransferStatus.COMPLETED, transfers.get(LedgerFixture.transferId("e", "t1")).getStatus());
    }

    @Test
    void givenEachRefusal_whenTransferred_thenItsCode_andNoBalanceMoves() {
        Map<RejectionCode, Command> cases = Map.of(
                RejectionCode.INSUFFICIENT_FUNDS, given.transfer("e", "u", "100.01", "", "f1"),
                RejectionCode.WALLET_NOT_FOUND, given.transfer("nobody", "u", "1", "", "f2"),
                RejectionCode.SAME_WALLET, given.transfer("e", "e", "1", "", "f3"),
                RejectionCode.NO_RATE, given.transfer("e", "u", "1", "THB", "f4"),
                RejectionCode.INVALID_AMOUNT, given.transfer("e", "j", "1.5", "JPY", "f5"));
        cases.forEach((code, command) -> {
            send(command);
            Map<String, WalletEvent> out = outcomes();
            assertEquals(1, out.size(), code + ": no step sent on");
            assertEquals(code, out.get(command.getRequestId()).getCode(), out.toString());
        });
        send(given.transfer("e", "u", "2", "", "f6"));
        outcomes();
        send(given.transfer("e", "u", "3", "", "f6"));
        assertEquals(RejectionCode.FINGERPRINT_CONFLICT, outcomes().values().iterator().next().getCode());
        assertEquals(9_800, balance("e"));
        assertEquals(250, balance("u"));
        assertTrue(transfers.get(LedgerFixture.transferId("e", "f1")) == null, "a refused transfer is not stored");
    }

    @Test
    void givenAnUnknownTarget_whenTransferred_thenTheDebitIsRefunded_andTheTransferFailedWithTheReason() {
        Command transfer = given.transfer("e", "ghost", "7.00", "", "g");
        send(transfer);
        Map<String, WalletEvent> out = outcomes();
        assertEquals(RejectionCode.WALLET_NOT_FOUND, out.get(transfer.getRequestId() + "/in").getCode());
        TransferRecord failed = out.get(Commands.settleRequest(transfer.getRequestId())).getTransfer();
        assertEquals(TransferStatus.FAILED, failed.getStatus());
        assertEquals(RejectionCode.WALLET_NOT_FOUND, failed.getCode());
        assertEquals(10_000, balance("e"));
        List<EntryKind> kinds = out.get(Commands.settleRequest(transfer.getRequestId())).getTransactionsList().stream()
                .map(casino.contract.wallet.proto.Transaction::getKind).toList();
        assertEquals(List.of(EntryKind.TRANSFER_REFUND), kinds);
    }

    @Test
    void givenTheTargetCurrencyRateRemoved_whenTransferred_thenRefundedToo() {
        rates.pipeInput("JPY", (FxRate) null); // a tombstone on the compacted topic removes the rate
        send(given.transfer("e", "j", "3", "", "gone"));
        outcomes();
        assertEquals(TransferStatus.FAILED, transfers.get(LedgerFixture.transferId("e", "gone")).getStatus());
        assertEquals(RejectionCode.NO_RATE, transfers.get(LedgerFixture.transferId("e", "gone")).getCode());
        assertEquals(10_000, balance("e"));
        assertEquals(0, balance("j"));
    }

    @Test
    void givenHalfAMinorUnit_whenConverted_thenRoundedHalfEven() {
        rate("USD", "2");
        send(given.post("e", "1.01", "USD", "h1")); // 0.505 -> 0.50
        send(given.post("e", "1.03", "USD", "h2")); // 0.515 -> 0.52
        assertEquals(10_000 + 50 + 52, balance("e"));
    }

    @Test
    void givenARateChangeBetweenTwoCommands_thenEachUsesTheRateHeldWhenApplied() {
        send(given.post("e", "10", "USD", "c1"));
        rate("USD", "1.6");
        send(given.post("e", "10", "USD", "c2"));
        List<Long> amounts = outcomes().values().stream().map(e -> e.getTransactions(0).getAmount().getMinor()).sorted().toList();
        assertEquals(List.of(625L, 800L), amounts);
    }

    @Test
    void givenAnUnreadableRateRecord_thenItIsSkipped_andTheRateHeldStays() {
        rawRates.pipeInput("USD", "{not json".getBytes(StandardCharsets.UTF_8));
        rawRates.pipeInput("USD", LedgerFixture.rate("GBP", "0.9").toJson().getBytes(StandardCharsets.UTF_8));
        send(given.post("e", "12.50", "USD", "k"));
        assertEquals(10_000 + 1_000, balance("e"));
    }
}
