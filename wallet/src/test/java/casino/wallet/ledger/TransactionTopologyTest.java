package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.topics.WalletTopics;
import casino.wallet.history.HistoryQuery;
import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.ExternalIdClaim;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

/**
 * The resource API's ledger rules through the whole topology on TopologyTestDriver: refno chaining,
 * idempotency, voids, history ranges, external id claims and the external events.
 */
class TransactionTopologyTest {
    static final Instant T0 = LedgerFixture.T0;
    static final WalletTopics TOPICS = LedgerFixture.TOPICS;
    final LedgerFixture given = new LedgerFixture();

    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, Command> commands;
    TestInputTopic<String, Command> externalIds;
    TestInputTopic<byte[], byte[]> rawExternalIds;
    TestOutputTopic<String, WalletEvent> events;
    TestOutputTopic<byte[], byte[]> deadLetters;
    KeyValueStore<String, WalletState> balances;
    KeyValueStore<String, Transaction> transactions;

    @BeforeEach
    void setUp() {
        driver = LedgerFixture.driver(stateDir, "wallet-transaction-test");
        commands = driver.createInputTopic(TOPICS.commands().name(), Serdes.String().serializer(), WalletTopics.COMMAND_SERDE.serializer());
        externalIds = driver.createInputTopic(TOPICS.externalIds().name(), Serdes.String().serializer(), WalletTopics.COMMAND_SERDE.serializer());
        rawExternalIds = driver.createInputTopic(TOPICS.externalIds().name(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(TOPICS.events().name(), Serdes.String().deserializer(), WalletTopics.EVENT_SERDE.deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        balances = driver.getKeyValueStore(WalletTopics.BALANCES.name());
        transactions = driver.getKeyValueStore(WalletTopics.TRANSACTIONS.name());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    Command.Builder command(String fingerprint) {
        return given.command(fingerprint);
    }

    Command create(String wallet, String externalId, long atSeconds) {
        return given.create(wallet, externalId, atSeconds);
    }

    Command post(String wallet, String amount, String fingerprint, long atSeconds) {
        return given.post(wallet, amount, fingerprint, atSeconds);
    }

    Command voidOf(String wallet, String txid) {
        return given.voidOf(wallet, txid);
    }

    /** Sends one command and returns its outcome (the one record without an external event). */
    WalletEvent send(String wallet, Command c) {
        commands.pipeInput(wallet, c);
        return outcome();
    }

    WalletEvent outcome() {
        List<WalletEvent> out = events.readValuesToList().stream()
                .filter(e -> e.getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET).toList();
        assertEquals(1, out.size(), out.toString());
        return out.get(0);
    }

    List<Transaction> history(String wallet) {
        return HistoryQuery.page(transactions, wallet, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 0, 1000);
    }

    @Test
    void given100MixedTransactions_thenRefnosCount1To100_andEachOldBalanceIsThePreviousNewBalance() {
        assertEquals(Outcome.APPLIED, send("w", create("w", "", 0)).getOutcome());
        Random random = new Random(3);
        long expected = 0;
        for (int i = 0; i < 100; i++) {
            WalletEvent e;
            if (i % 10 == 3) { // the #5 commands are entries too
                e = send("w", command(null).setDeposit(DepositRequest.newBuilder().setWalletId("w")
                        .setAmount(Money.newBuilder().setMinor(250).setCurrency("EUR")).setCreatedAtMs(T0.plusSeconds(i).toEpochMilli())).build());
                expected += 250;
            } else {
                long cents = (100 + random.nextInt(900)) * (expected > 2_000 && random.nextBoolean() ? -1 : 1);
                e = send("w", post("w", java.math.BigDecimal.valueOf(cents, 2).toPlainString(), "fp-" + i, i));
                expected += cents;
            }
            assertEquals(Outcome.APPLIED, e.getOutcome(), e.toString());
            assertEquals(i + 1, e.getTransactions(0).getRefno());
        }
        List<Transaction> newestFirst = history("w");
        assertEquals(100, newestFirst.size());
        for (int i = 0; i < 100; i++) {
            Transaction t = newestFirst.get(99 - i);
            assertEquals(i + 1, t.getRefno());
            if (i > 0) assertEquals(newestFirst.get(100 - i).getNewBalanceMinor(), t.getOldBalanceMinor(), "refno " + t.getRefno());
            assertEquals(t.getOldBalanceMinor() + t.getAmount().getMinor(), t.getNewBalanceMinor());
            if (i > 0) assertNotEquals(newestFirst.get(100 - i).getId(), t.getId());
        }
        assertEquals(0, newestFirst.get(99).getOldBalanceMinor());
        assertEquals(expected, balances.get("w").getBalance().getMinor());
        assertEquals(expected, newestFirst.get(0).getNewBalanceMinor());
    }

    @Test
    void givenAWonCasinoBet_thenTheStakeAndThePayoutAreTwoChainedEntries() {
        send("p", create("p", "", 0));
        send("p", post("p", "10.00", "f1", 1));
        WalletEvent bet = send("p", command("casino-9").setCasinoBet(CasinoBet.newBuilder().setWalletId("p")
                .setStake(Money.newBuilder().setMinor(300).setCurrency("EUR")).setWon(true).setCreatedAtMs(T0.toEpochMilli())).build());
        assertEquals(2, bet.getTransactionsCount());
        assertEquals(-300, bet.getTransactions(0).getAmount().getMinor());
        assertEquals(600, bet.getTransactions(1).getAmount().getMinor());
        assertEquals(bet.getTransactions(0).getNewBalanceMinor(), bet.getTransactions(1).getOldBalanceMinor());
        assertEquals(1_300, balances.get("p").getBalance().getMinor());
        assertEquals(List.of(3L, 2L, 1L), history("p").stream().map(Transaction::getRefno).toList());
    }

    @Test
    void givenAFingerprint_whenTheSameBodyAgain_thenReplayed_andADifferentBodyIsAConflict_andARejectionDoesNotConsumeIt() {
        send("w", create("w", "", 0));
        assertEquals(Outcome.REJECTED, send("w", post("w", "-5.00", "job-1", 1)).getOutcome(), "insufficient funds");
        assertEquals(RejectionCode.INSUFFICIENT_FUNDS, send("w", post("w", "-5.00", "job-1", 1)).getCode());
        WalletEvent credit = send("w", post("w", "20", "job-0", 1));
        WalletEvent debit = send("w", post("w", "-5.00", "job-1", 2));
        assertEquals(Outcome.APPLIED, debit.getOutcome(), "the rejected fingerprint was still free");
        WalletEvent replay = send("w", post("w", "-5", "job-1", 9));
        assertTrue(replay.getReplay(), "5 == 5.00: the same body");
        assertEquals(debit.getTransactions(0), replay.getTransactions(0));
        WalletEvent conflict = send("w", post("w", "-6.00", "job-1", 3));
        assertEquals(Outcome.CONFLICT, conflict.getOutcome());
        assertEquals(1_500, balances.get("w").getBalance().getMinor());
        assertEquals(2, history("w").size());
        assertEquals(credit.getTransactions(0).getNewBalanceMinor(), debit.getTransactions(0).getOldBalanceMinor());
    }

    @Test
    void givenAnUnknownWalletOrTooManyDecimals_thenRejectedWithACode() {
        assertEquals(RejectionCode.WALLET_NOT_FOUND, send("nobody", post("nobody", "5", "f", 0)).getCode());
        assertNull(balances.get("nobody"), "a transaction never creates a wallet");
        send("w", create("w", "", 0));
        assertEquals(RejectionCode.INVALID_AMOUNT, send("w", post("w", "5.001", "f", 0)).getCode());
        commands.pipeInput("b", command(null).setCreateWallet(CreateWallet.newBuilder().setWalletId("b").setCurrency("BTC")).build());
        outcome();
        WalletEvent btc = send("b", post("b", "1.00000001", "f", 0));
        assertEquals(Outcome.APPLIED, btc.getOutcome(), "BTC has 8 decimals");
        assertEquals(100_000_001, btc.getTransactions(0).getAmount().getMinor());
    }

    @Test
    void givenEntriesWithEqualAndLateTimes_whenEachIsVoidedById_thenTheLedgerFindsItWithoutAnIndex() {
        send("w", create("w", "", 0));
        send("other", create("other", "", 0));
        Random random = new Random(7);
        List<Transaction> entries = new ArrayList<>();
        long at = 10;
        for (int i = 0; i < 120; i++) {
            at += random.nextInt(4) == 0 ? -random.nextInt(5) : random.nextInt(2); // runs of one time, and late times raised
            entries.add(send("w", post("w", "1.00", "p-" + i, at)).getTransactions(0));
        }
        String elsewhere = send("other", post("other", "1.00", "p-0", 1)).getTransactions(0).getId();
        assertEquals(RejectionCode.TRANSACTION_NOT_FOUND, send("w", voidOf("w", elsewhere)).getCode(),
                "another wallet's id (same refno) is not this wallet's entry");
        assertEquals(RejectionCode.TRANSACTION_NOT_FOUND, send("w", voidOf("w", EntryId.of("w", 500))).getCode(), "no such refno yet");
        for (int i : List.of(0, 1, 59, 60, 118, 119)) {
            WalletEvent voided = send("w", voidOf("w", entries.get(i).getId()));
            assertEquals(Outcome.APPLIED, voided.getOutcome(), "entry " + i + ": " + voided);
            assertEquals(entries.get(i).getId(), voided.getTransactions(0).getVoidsId());
            assertEquals(voided.getTransactions(0).getId(), history("w").stream()
                    .filter(t -> t.getRefno() == entries.get(i).getRefno()).findFirst().orElseThrow().getVoidedBy());
        }
        assertEquals(RejectionCode.ALREADY_VOIDED, send("w", voidOf("w", entries.get(60).getId()).toBuilder().setFingerprint("again")
                .build()).getCode(), "the mark is read back");
    }

    @Test
    void givenATransaction_whenVoided_thenACompensatingEntryIsAppended_theOriginalOnlyMarked_andAVoidOfAVoidIsRefused() {
        send("w", create("w", "", 0));
        Transaction credit = send("w", post("w", "30.00", "a", 1)).getTransactions(0);
        Transaction debit = send("w", post("w", "-10.00", "b", 2)).getTransactions(0);
        WalletEvent voided = send("w", voidOf("w", debit.getId()));
        assertEquals(Outcome.APPLIED, voided.getOutcome());
        Transaction compensation = voided.getTransactions(0);
        assertEquals(3, compensation.getRefno());
        assertEquals(1_000, compensation.getAmount().getMinor());
        assertEquals(debit.getId(), compensation.getVoidsId());
        assertEquals(EntryKind.VOID, compensation.getKind());
        assertEquals(2_000, compensation.getOldBalanceMinor());
        assertEquals(3_000, balances.get("w").getBalance().getMinor());
        assertEquals(debit.toBuilder().setVoidedBy(compensation.getId()).build(), history("w").get(1),
                "the stored entry keeps its amounts and names the entry that voided it");

        WalletEvent again = send("w", voidOf("w", debit.getId()));
        assertTrue(again.getReplay(), "voiding twice answers the first void");
        assertEquals(compensation, again.getTransactions(0));

        WalletEvent voidOfVoid = send("w", voidOf("w", compensation.getId()));
        assertEquals(Outcome.REJECTED, voidOfVoid.getOutcome());
        assertEquals(RejectionCode.VOID_OF_VOID, voidOfVoid.getCode());
        assertEquals(RejectionCode.TRANSACTION_NOT_FOUND, send("w", voidOf("w", java.util.UUID.randomUUID().toString())).getCode());
        assertEquals(3, history("w").size());
        assertEquals(credit.getId(), history("w").get(2).getId());
    }

    @Test
    void givenAVoidThatWouldOverdraw_thenRefused_andItCanBeRetriedOnceFundsAreBack() {
        send("w", create("w", "", 0));
        Transaction credit = send("w", post("w", "30.00", "a", 1)).getTransactions(0);
        send("w", post("w", "-25.00", "b", 2));
        WalletEvent refused = send("w", voidOf("w", credit.getId()));
        assertEquals(RejectionCode.INSUFFICIENT_FUNDS, refused.getCode());
        assertEquals(500, balances.get("w").getBalance().getMinor());
        send("w", post("w", "25.00", "c", 3));
        WalletEvent retried = send("w", voidOf("w", credit.getId()));
        assertEquals(Outcome.APPLIED, retried.getOutcome(), "a refused void does not consume its fingerprint");
        assertFalse(retried.getReplay());
        assertEquals(0, balances.get("w").getBalance().getMinor());
    }

    @Test
    void givenEntriesOverSeveralDays_thenHistoryIsNewestFirst_pagedByOffsetAndLimit_andBoundedByTimeInclusive() {
        send("w", create("w", "", 0));
        for (int day = 0; day < 10; day++) send("w", post("w", "1.00", "d" + day, day * 86_400L));
        Instant from = T0.plus(Duration.ofDays(2));
        Instant to = T0.plus(Duration.ofDays(6));
        List<Long> window = HistoryQuery.page(transactions, "w", from, to, 0, 100).stream().map(Transaction::getRefno).toList();
        assertEquals(List.of(7L, 6L, 5L, 4L, 3L), window, "days 2..6 inclusive, newest first");
        assertEquals(List.of(5L, 4L), HistoryQuery.page(transactions, "w", from, to, 2, 2).stream().map(Transaction::getRefno).toList());
        assertEquals(List.of(), HistoryQuery.page(transactions, "w", from, to, 5, 2));
        assertEquals(List.of(10L, 9L, 8L), history("w").stream().limit(3).map(Transaction::getRefno).toList());
        assertEquals(10, HistoryQuery.latest(transactions, "w").orElseThrow().getRefno());
        send("w2", create("w2", "", 0));
        assertTrue(HistoryQuery.latest(transactions, "w2").isEmpty(), "another wallet's entries are never in range");
        assertEquals(List.of(), HistoryQuery.page(transactions, "w", to, from, 0, 10), "from after to: nothing");
    }

    @Test
    void givenALateCommandTime_thenItsEntryTimeIsRaisedToThePreviousOne_soTimeOrderIsRefnoOrder() {
        send("w", create("w", "", 0));
        Transaction late = send("w", post("w", "1", "a", 100)).getTransactions(0);
        Transaction early = send("w", post("w", "1", "b", 50)).getTransactions(0);
        assertEquals(late.getCreatedAtMs(), early.getCreatedAtMs());
        assertEquals(List.of(2L, 1L), history("w").stream().map(Transaction::getRefno).toList());
    }

    @Test
    void givenTwoClaimsOfOneExternalId_thenTheFirstWins_andTheSecondIsRefusedWithoutCreatingItsWallet() {
        externalIds.pipeInput("ext-1", create("a", "ext-1", 0));
        WalletEvent first = outcome();
        assertEquals(Outcome.APPLIED, first.getOutcome());
        assertEquals("ext-1", first.getWallet().getExternalId());
        externalIds.pipeInput("ext-1", create("b", "ext-1", 0));
        WalletEvent second = outcome();
        assertEquals(RejectionCode.EXTERNAL_ID_TAKEN, second.getCode());
        assertEquals("wallet already exists", second.getReason());
        assertNull(balances.get("b"));
        KeyValueStore<String, ExternalIdClaim> claims = driver.getKeyValueStore(WalletTopics.EXTERNAL_IDS.name());
        assertEquals("a", claims.get("ext-1").getWalletId());
    }

    @Test
    void givenACreateWhoseWalletIdExists_thenItsExternalIdClaimIsReleased_andAnotherWalletCanTakeIt() {
        send("a", create("a", "", 0));
        externalIds.pipeInput("ext-2", create("a", "ext-2", 0));
        assertEquals(RejectionCode.WALLET_EXISTS, outcome().getCode());
        KeyValueStore<String, ExternalIdClaim> claims = driver.getKeyValueStore(WalletTopics.EXTERNAL_IDS.name());
        assertNull(claims.get("ext-2"), "released");
        externalIds.pipeInput("ext-2", create("c", "ext-2", 0));
        assertEquals(Outcome.APPLIED, outcome().getOutcome());
        assertEquals("c", claims.get("ext-2").getWalletId());
        assertEquals("", balances.get("a").getInfo().getExternalId(), "the existing wallet is unchanged");
    }

    @Test
    void givenAClaimedCreateRefusedForAnotherReason_thenTheClaimIsReleasedToo() {
        externalIds.pipeInput("ext-5", command(null).setCreateWallet(CreateWallet.newBuilder().setWalletId("q")
                .setExternalId("ext-5").setCurrency("X1")).build());
        assertEquals(RejectionCode.UNKNOWN_CURRENCY, outcome().getCode());
        assertNull(driver.<String, ExternalIdClaim>getKeyValueStore(WalletTopics.EXTERNAL_IDS.name()).get("ext-5"));
        externalIds.pipeInput("ext-5", create("r", "ext-5", 0));
        assertEquals(Outcome.APPLIED, outcome().getOutcome());
        // another create of the same wallet id (the same create again would be a retry: see the next test)
        Command other = create("r", "ext-5", 0);
        externalIds.pipeInput("ext-5", other.toBuilder().setCreateWallet(other.getCreateWallet().toBuilder()
                .putLabels("second", "yes")).build());
        assertEquals(RejectionCode.WALLET_EXISTS, outcome().getCode(), "another create of the same wallet id: the wallet exists");
        assertEquals("r", driver.<String, ExternalIdClaim>getKeyValueStore(WalletTopics.EXTERNAL_IDS.name()).get("ext-5").getWalletId(),
                "a create refused because its own wallet exists keeps that wallet's claim");
    }

    @Test
    void givenAClaimingCreate_whenTheSameCreateAgain_thenRefusedAsAReplayNamingTheOwner_andWithoutAGivenIdToo() {
        externalIds.pipeInput("ext-6", create("s", "ext-6", 0));
        assertEquals(Outcome.APPLIED, outcome().getOutcome());
        externalIds.pipeInput("ext-6", create("s", "ext-6", 5));
        WalletEvent again = outcome();
        assertEquals(RejectionCode.EXTERNAL_ID_TAKEN, again.getCode());
        assertTrue(again.getReplay(), "the claiming create again is a retry");
        assertEquals("s", again.getWallet().getId());

        Command generated = create("t-1", "ext-7", 0);
        externalIds.pipeInput("ext-7", generated.toBuilder().setCreateWallet(generated.getCreateWallet().toBuilder().setIdGiven(false)).build());
        outcome();
        Command retry = create("t-2", "ext-7", 0); // a server-made id differs on each try: not part of the create
        externalIds.pipeInput("ext-7", retry.toBuilder().setCreateWallet(retry.getCreateWallet().toBuilder().setIdGiven(false)).build());
        WalletEvent retried = outcome();
        assertTrue(retried.getReplay());
        assertEquals("t-1", retried.getWallet().getId());
        externalIds.pipeInput("ext-7", create("t-3", "ext-7", 0)); // a client-chosen id: another create
        WalletEvent other = outcome();
        assertEquals(RejectionCode.EXTERNAL_ID_TAKEN, other.getCode());
        assertFalse(other.getReplay());
        assertNull(balances.get("t-2"));
    }

    @Test
    void givenAppliedChanges_thenExternalEventsFollowEachOutcome_taggedByHeader() {
        commands.pipeInput("w", create("w", "", 0));
        commands.pipeInput("w", post("w", "8.00", "a", 1));
        Transaction credit = balances.get("w") == null ? null : history("w").get(0);
        commands.pipeInput("w", voidOf("w", credit.getId()));
        commands.pipeInput("w", post("w", "-100", "b", 1)); // refused: no external events
        List<TestRecord<String, WalletEvent>> records = events.readRecordsToList();
        List<String> types = new ArrayList<>();
        for (TestRecord<String, WalletEvent> r : records) {
            assertEquals("w", r.key());
            String type = new String(r.headers().lastHeader(WalletTopics.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8);
            types.add(type);
            assertEquals(type.equals("Outcome"), r.value().getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET);
            if (!type.equals("Outcome")) assertEquals("", r.value().getRequestId(), "external events carry no request id");
        }
        assertEquals(List.of("Outcome", "WalletCreated",
                "Outcome", "TransactionCreated", "BalanceChanged",
                "Outcome", "TransactionCreated", "TransactionVoided", "BalanceChanged",
                "Outcome"), types);
        WalletEvent voided = records.get(7).value();
        assertEquals(credit.getId(), voided.getTransactionVoided().getTransactionId());
        assertEquals(800, records.get(4).value().getBalanceChanged().getNewBalance().getMinor());
    }

    @Test
    void givenADepositToANewWallet_thenItIsCreatedAsAEurWalletWithAWalletCreatedEvent() {
        commands.pipeInput("d", command(null).setDeposit(DepositRequest.newBuilder().setWalletId("d")
                .setAmount(Money.newBuilder().setMinor(500).setCurrency("EUR")).setCreatedAtMs(T0.toEpochMilli())).build());
        List<WalletEvent> all = events.readValuesToList();
        assertEquals(WalletEvent.ExternalCase.WALLET_CREATED, all.get(1).getExternalCase());
        assertEquals("EUR", balances.get("d").getInfo().getCurrency());
        assertEquals(EntryKind.DEPOSIT, history("d").get(0).getKind());
    }

    @Test
    void givenAMalformedClaim_thenItGoesToTheDeadLetterTopic_andClaimsContinue() {
        rawExternalIds.pipeInput("x".getBytes(), new byte[] {0x0a, (byte) 0xff});
        externalIds.pipeInput("ext-3", create("other-wallet", "ext-4", 0)); // key and body disagree
        externalIds.pipeInput("ext-3", create("z", "ext-3", 0));
        assertEquals(Outcome.APPLIED, outcome().getOutcome());
        assertEquals(2, deadLetters.readRecordsToList().size());
    }
}
