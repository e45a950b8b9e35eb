package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import org.junit.jupiter.api.Test;

/** The ledger's decisions without Kafka: idempotency, never negative, payouts, totals. */
class LedgerTest {
    final LedgerFixture given = new LedgerFixture();
    final Ledger ledger = new Ledger(LedgerFixture.RULES);
    final LedgerState empty = LedgerState.of(new WalletId("w1"));

    Command deposit(String requestId, String fingerprint, long minor) {
        return given.deposit("w1", minor, fingerprint, 0).toBuilder().setRequestId(requestId).build();
    }

    Command bet(String fingerprint, long stake, boolean won) {
        return given.bet("w1", stake, won, fingerprint);
    }

    @Test
    void givenANewWallet_whenDeposit_thenItIsCreatedWithTheAmount() {
        Decision.Applied d = assertInstanceOf(Decision.Applied.class, ledger.decide(deposit("r1", "f1", 800_000), empty));
        assertEquals(Outcome.APPLIED, d.outcome().getOutcome());
        assertEquals(800_000, d.state().getBalance().getMinor());
        assertEquals(800_000, d.outcome().getCreditMinor());
        assertTrue(d.fingerprint().isPresent());
    }

    @Test
    void givenAnAppliedFingerprint_whenTheSameCommandAgain_thenTheOriginalOutcomeIsReplayedAndNothingChanges() {
        Decision.Applied first = assertInstanceOf(Decision.Applied.class, ledger.decide(deposit("r1", "f1", 500), empty));
        Decision second = ledger.decide(deposit("r2", "f1", 500),
                empty.withWallet(first.state()).withFingerprint(first.fingerprint().orElseThrow()));
        assertInstanceOf(Decision.Replayed.class, second, "no state to store");
        assertTrue(second.fingerprint().isEmpty());
        assertTrue(second.outcome().getReplay());
        assertEquals("r2", second.outcome().getRequestId());
        assertEquals(Outcome.APPLIED, second.outcome().getOutcome());
        assertEquals(500, second.outcome().getBalance().getMinor());
    }

    @Test
    void givenAnAppliedFingerprint_whenADifferentAmountUnderIt_thenConflictAndNothingChanges() {
        Decision.Applied first = assertInstanceOf(Decision.Applied.class, ledger.decide(deposit("r1", "f1", 500), empty));
        Decision second = ledger.decide(deposit("r2", "f1", 600),
                empty.withWallet(first.state()).withFingerprint(first.fingerprint().orElseThrow()));
        assertEquals(Outcome.CONFLICT, second.outcome().getOutcome());
        assertInstanceOf(Decision.Conflict.class, second, "no state to store");
    }

    @Test
    void givenShortFunds_whenBet_thenRejectedBalanceUnchangedAndTheEventIsDecidedForGood() {
        Decision.Applied funded = assertInstanceOf(Decision.Applied.class, ledger.decide(deposit("r1", "f1", 100), empty));
        Decision bet = ledger.decide(bet("casino-7", 101, true), empty.withWallet(funded.state()));
        assertEquals(Outcome.REJECTED, bet.outcome().getOutcome());
        assertEquals("insufficient funds", bet.outcome().getReason());
        assertInstanceOf(Decision.Rejected.class, bet, "no state to store");
        assertEquals(100, bet.outcome().getBalance().getMinor());
        FingerprintRecord recorded = bet.fingerprint().orElseThrow(
                () -> new AssertionError("a rejected casino event is recorded, so its replay is rejected too"));
        Decision.Applied richer = assertInstanceOf(Decision.Applied.class,
                ledger.decide(deposit("r2", "f2", 1000), empty.withWallet(funded.state())));
        Decision replay = ledger.decide(bet("casino-7", 101, true), empty.withWallet(richer.state()).withFingerprint(recorded));
        assertEquals(Outcome.REJECTED, replay.outcome().getOutcome());
        assertTrue(replay.outcome().getReplay());
        assertInstanceOf(Decision.Replayed.class, replay, "no state to store");
    }

    @Test
    void givenFunds_whenWonBet_thenStakeDebitedAndTwiceTheStakeCredited() {
        Decision.Applied funded = assertInstanceOf(Decision.Applied.class, ledger.decide(deposit("r1", "f1", 1000), empty));
        Decision.Applied bet = assertInstanceOf(Decision.Applied.class,
                ledger.decide(bet("casino-8", 300, true), empty.withWallet(funded.state())));
        assertEquals(1000 - 300 + 600, bet.state().getBalance().getMinor());
        assertEquals(300, bet.outcome().getDebitMinor());
        assertEquals(600, bet.outcome().getCreditMinor());
        assertEquals(1600, bet.state().getTotalCreditMinor());
        assertEquals(300, bet.state().getTotalDebitMinor());
        Decision.Applied lost = assertInstanceOf(Decision.Applied.class,
                ledger.decide(bet("casino-9", 1300, false), empty.withWallet(bet.state())));
        assertEquals(0, lost.state().getBalance().getMinor(), "a bet of the whole balance leaves exactly zero");
    }

    @Test
    void givenAnUnknownWallet_whenBet_thenRejectedAndNoWalletIsCreated() {
        Decision bet = ledger.decide(bet("casino-1", 0, false), empty);
        assertEquals(Outcome.REJECTED, bet.outcome().getOutcome());
        assertInstanceOf(Decision.Rejected.class, bet, "no state to store");
    }

    @Test
    void givenADepositInAnotherCurrency_whenApplied_thenRejectedWithoutConsumingTheFingerprint() {
        Command usd = Command.newBuilder().setRequestId("r").setFingerprint("f").setDeposit(DepositRequest.newBuilder()
                .setWalletId("w1").setAmount(Money.newBuilder().setMinor(5).setCurrency("USD"))).build();
        Decision d = ledger.decide(usd, empty);
        assertEquals(Outcome.REJECTED, d.outcome().getOutcome());
        assertTrue(d.fingerprint().isEmpty());
    }

    @Test
    void givenABalanceNearTheLimitOfLong_whenDeposit_thenRejectedNotWrapped() {
        WalletState full = WalletState.newBuilder().setBalance(Money.newBuilder().setMinor(Long.MAX_VALUE - 1).setCurrency("EUR"))
                .setInfo(WalletInfo.newBuilder().setId("w1").setCurrency("EUR")).build();
        Decision d = ledger.decide(deposit("r", "f", 2), empty.withWallet(full));
        assertEquals(Outcome.REJECTED, d.outcome().getOutcome());
        assertFalse(d.outcome().getBalance().getMinor() < 0);
    }
}
