package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The ledger's decisions without Kafka: idempotency, never negative, payouts, totals. */
class LedgerTest {
    static final LedgerRules RULES = new LedgerRules("EUR",
            new ThresholdRule(Duration.ofSeconds(120), 1_000_000, Duration.ofMinutes(10)), 2);
    final Ledger ledger = new Ledger(RULES);

    static Command deposit(String rid, String fp, long minor) {
        return Command.newBuilder().setRequestId(rid).setFingerprint(fp).setDeposit(DepositRequest.newBuilder()
                .setWalletId("w1").setAmount(Money.newBuilder().setMinor(minor).setCurrency("EUR")).setCreatedAtMs(1000)).build();
    }

    static Command bet(String fp, long stake, boolean won) {
        return Command.newBuilder().setRequestId(fp).setFingerprint(fp).setCasinoBet(CasinoBet.newBuilder()
                .setWalletId("w1").setStake(Money.newBuilder().setMinor(stake).setCurrency("EUR")).setWon(won).setCreatedAtMs(1000)).build();
    }

    @Test
    void givenANewWallet_whenDeposit_thenItIsCreatedWithTheAmount() {
        Ledger.Decision d = ledger.decide("w1", null, null, deposit("r1", "f1", 800_000));
        assertEquals(Outcome.APPLIED, d.event().getOutcome());
        assertEquals(800_000, d.state().getBalance().getMinor());
        assertEquals(800_000, d.event().getCreditMinor());
        assertNotNull(d.fingerprint());
    }

    @Test
    void givenAnAppliedFingerprint_whenTheSameCommandAgain_thenTheOriginalOutcomeIsReplayedAndNothingChanges() {
        Ledger.Decision first = ledger.decide("w1", null, null, deposit("r1", "f1", 500));
        Ledger.Decision second = ledger.decide("w1", first.state(), first.fingerprint(), deposit("r2", "f1", 500));
        assertNull(second.state());
        assertNull(second.fingerprint());
        assertTrue(second.event().getReplay());
        assertEquals("r2", second.event().getRequestId());
        assertEquals(Outcome.APPLIED, second.event().getOutcome());
        assertEquals(500, second.event().getBalance().getMinor());
    }

    @Test
    void givenAnAppliedFingerprint_whenADifferentAmountUnderIt_thenConflictAndNothingChanges() {
        Ledger.Decision first = ledger.decide("w1", null, null, deposit("r1", "f1", 500));
        Ledger.Decision second = ledger.decide("w1", first.state(), first.fingerprint(), deposit("r2", "f1", 600));
        assertEquals(Outcome.CONFLICT, second.event().getOutcome());
        assertNull(second.state());
    }

    @Test
    void givenShortFunds_whenBet_thenRejectedBalanceUnchangedAndTheEventIsDecidedForGood() {
        Ledger.Decision funded = ledger.decide("w1", null, null, deposit("r1", "f1", 100));
        Ledger.Decision bet = ledger.decide("w1", funded.state(), null, bet("casino-7", 101, true));
        assertEquals(Outcome.REJECTED, bet.event().getOutcome());
        assertEquals("insufficient funds", bet.event().getReason());
        assertNull(bet.state());
        assertEquals(100, bet.event().getBalance().getMinor());
        FingerprintRecord recorded = bet.fingerprint();
        assertNotNull(recorded, "a rejected casino event is recorded, so its replay is rejected too");
        Ledger.Decision richer = ledger.decide("w1", funded.state(), null, deposit("r2", "f2", 1000));
        Ledger.Decision replay = ledger.decide("w1", richer.state(), recorded, bet("casino-7", 101, true));
        assertEquals(Outcome.REJECTED, replay.event().getOutcome());
        assertTrue(replay.event().getReplay());
        assertNull(replay.state());
    }

    @Test
    void givenFunds_whenWonBet_thenStakeDebitedAndTwiceTheStakeCredited() {
        Ledger.Decision funded = ledger.decide("w1", null, null, deposit("r1", "f1", 1000));
        Ledger.Decision bet = ledger.decide("w1", funded.state(), null, bet("casino-8", 300, true));
        assertEquals(1000 - 300 + 600, bet.state().getBalance().getMinor());
        assertEquals(300, bet.event().getDebitMinor());
        assertEquals(600, bet.event().getCreditMinor());
        assertEquals(1600, bet.state().getTotalCreditMinor());
        assertEquals(300, bet.state().getTotalDebitMinor());
        Ledger.Decision lost = ledger.decide("w1", bet.state(), null, bet("casino-9", 1300, false));
        assertEquals(0, lost.state().getBalance().getMinor(), "a bet of the whole balance leaves exactly zero");
    }

    @Test
    void givenAnUnknownWallet_whenBet_thenRejectedAndNoWalletIsCreated() {
        Ledger.Decision bet = ledger.decide("w1", null, null, bet("casino-1", 0, false));
        assertEquals(Outcome.REJECTED, bet.event().getOutcome());
        assertNull(bet.state());
    }

    @Test
    void givenADepositInAnotherCurrency_whenApplied_thenRejectedWithoutConsumingTheFingerprint() {
        Command usd = Command.newBuilder().setRequestId("r").setFingerprint("f").setDeposit(DepositRequest.newBuilder()
                .setWalletId("w1").setAmount(Money.newBuilder().setMinor(5).setCurrency("USD"))).build();
        Ledger.Decision d = ledger.decide("w1", null, null, usd);
        assertEquals(Outcome.REJECTED, d.event().getOutcome());
        assertNull(d.fingerprint());
    }

    @Test
    void givenABalanceNearTheLimitOfLong_whenDeposit_thenRejectedNotWrapped() {
        WalletState full = WalletState.newBuilder().setBalance(Money.newBuilder().setMinor(Long.MAX_VALUE - 1).setCurrency("EUR")).build();
        Ledger.Decision d = ledger.decide("w1", full, null, deposit("r", "f", 2));
        assertEquals(Outcome.REJECTED, d.event().getOutcome());
        assertFalse(d.event().getBalance().getMinor() < 0);
    }
}
