package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Currencies, conversion and the transfer saga through the pure decider, Given/When/Then: EUR wallet
 * {@code e}, USD wallet {@code u} (1.25 per EUR), JPY wallet {@code j} (160 per EUR); the steps a
 * decision sends on are applied by {@link InMemoryLedger#step()} as the commands topic would.
 */
class TransferCommandsTest {
    final LedgerFixture given = new LedgerFixture();
    final InMemoryLedger ledger = new InMemoryLedger();

    @BeforeEach
    void wallets() {
        ledger.rate("USD", "1.25");
        ledger.rate("JPY", "160");
        ledger.expect(Decision.Applied.class, given.create("e", "EUR"));
        ledger.expect(Decision.Applied.class, given.create("u", "USD"));
        ledger.expect(Decision.Applied.class, given.create("j", "JPY"));
        ledger.expect(Decision.Applied.class, given.post("e", "100.00", "", "fund-e"));
    }

    long balance(String wallet) {
        return ledger.wallet(wallet).orElseThrow().getBalance().getMinor();
    }

    Decision.Rejected refused(RejectionCode code, casino.contract.wallet.proto.Command command) {
        Decision.Rejected r = ledger.expect(Decision.Rejected.class, command);
        assertEquals(code, r.outcome().getCode(), r.outcome().getReason());
        assertTrue(r.next().isEmpty(), "a refused transfer sends nothing on");
        return r;
    }

    @Nested
    class Conversion {
        @Test
        void givenAnEurWallet_whenUsdIsReceived_thenTheEntryIsInEur_withTheOriginalAndTheRate() {
            Transaction t = ledger.expect(Decision.Applied.class, given.post("e", "12.50", "USD", "usd-1")).appended().get(0);
            assertEquals(1_000, t.getAmount().getMinor());
            assertEquals("EUR", t.getAmount().getCurrency());
            assertEquals(1_250, t.getOriginal().getMinor());
            assertEquals("USD", t.getOriginal().getCurrency());
            assertEquals("0.8", t.getRate());
        }

        @Test
        void givenHalfAMinorUnit_whenConverted_thenRoundedOnceHalfEven() {
            ledger.rate("USD", "2");
            // 1.01 USD = 0.505 EUR -> 0.50 (to even); 1.03 USD = 0.515 EUR -> 0.52 (to even)
            assertEquals(50, ledger.expect(Decision.Applied.class, given.post("e", "1.01", "USD", "h1")).appended().get(0).getAmount().getMinor());
            assertEquals(52, ledger.expect(Decision.Applied.class, given.post("e", "1.03", "USD", "h2")).appended().get(0).getAmount().getMinor());
            // 100 JPY at 160 per EUR = 0.625 EUR -> 0.62
            assertEquals(62, ledger.expect(Decision.Applied.class, given.post("e", "100", "JPY", "h3")).appended().get(0).getAmount().getMinor());
        }

        @Test
        void givenARateChange_whenTheSameAmountIsReceivedTwice_thenEachAtTheRateHeldWhenApplied() {
            assertEquals(800, ledger.expect(Decision.Applied.class, given.post("e", "10", "USD", "r1")).appended().get(0).getAmount().getMinor());
            ledger.rate("USD", "1.6");
            assertEquals(625, ledger.expect(Decision.Applied.class, given.post("e", "10", "USD", "r2")).appended().get(0).getAmount().getMinor());
        }

        @Test
        void givenNoRateOrTooManyDecimals_whenReceived_thenRefused_andNothingChanges() {
            refused(RejectionCode.NO_RATE, given.post("e", "10", "THB", "x1"));
            refused(RejectionCode.INVALID_AMOUNT, given.post("e", "1.5", "JPY", "x2"));
            refused(RejectionCode.NO_RATE, given.create("t", "THB"));
            assertEquals(10_000, balance("e"));
        }
    }

    @Nested
    class Transfer {
        @Test
        void givenFunds_whenTransferredCrossCurrency_thenDebitPending_thenCredit_thenCompleted() {
            Decision.Applied out = ledger.expect(Decision.Applied.class, given.transfer("e", "u", "10.00", "", "t1"));
            assertEquals(EntryKind.TRANSFER_OUT, out.appended().get(0).getKind());
            assertEquals(TransferStatus.PENDING, out.transfer().orElseThrow().getStatus());
            assertEquals(1, out.next().size(), "the credit command goes with the debit");
            assertEquals(9_000, balance("e"));
            Decision.Applied in = (Decision.Applied) ledger.step();
            Transaction credit = in.appended().get(0);
            assertEquals(EntryKind.TRANSFER_IN, credit.getKind());
            assertEquals(1_250, credit.getAmount().getMinor());
            assertEquals("e", credit.getCounterpartyWalletId());
            ledger.step();
            TransferRecord done = ledger.transfer(LedgerFixture.transferId("e", "t1")).orElseThrow();
            assertEquals(TransferStatus.COMPLETED, done.getStatus());
            assertEquals(1_250, done.getCredited().getMinor());
            assertEquals("1.25", done.getRate());
            assertEquals(1_250, balance("u"));
        }

        @Test
        void givenEachRefusal_whenTransferred_thenOneCodeEach_andNoBalanceMoves() {
            refused(RejectionCode.INSUFFICIENT_FUNDS, given.transfer("e", "u", "100.01", "", "f"));
            refused(RejectionCode.WALLET_NOT_FOUND, given.transfer("nobody", "u", "1", "", "f"));
            refused(RejectionCode.SAME_WALLET, given.transfer("e", "e", "1", "", "f"));
            refused(RejectionCode.NO_RATE, given.transfer("e", "u", "1", "THB", "f"));
            refused(RejectionCode.INVALID_AMOUNT, given.transfer("e", "u", "1.001", "", "f"));
            assertEquals(10_000, balance("e"));
            assertEquals(0, balance("u"));
            ledger.expect(Decision.Applied.class, given.transfer("e", "u", "1", "", "f")); // refusals did not consume "f"
        }

        @Test
        void givenTheSameFingerprint_whenSentAgain_thenTheSameBodyReplays_andAnotherConflicts() {
            ledger.apply(given.transfer("e", "u", "5", "", "once"));
            ledger.settle();
            Decision.Replayed replay = ledger.expect(Decision.Replayed.class, given.transfer("e", "u", "5.00", "", "once"));
            assertEquals(TransferStatus.COMPLETED, replay.outcome().getTransfer().getStatus(), "a replay shows the transfer now");
            ledger.expect(Decision.Conflict.class, given.transfer("e", "u", "6", "", "once"));
            assertEquals(9_500, balance("e"));
        }

        @Test
        void givenAnUnknownTarget_whenTheCreditIsRefused_thenTheDebitIsRefunded_andTheTransferFailed() {
            ledger.apply(given.transfer("e", "ghost", "7", "", "g"));
            assertEquals(9_300, balance("e"));
            Decision.Rejected in = ledger.expect(Decision.Rejected.class, ledger.stepCommand());
            assertEquals(RejectionCode.WALLET_NOT_FOUND, in.outcome().getCode());
            assertEquals(1, in.next().size(), "the refusal goes back to the source");
            Decision.Applied refund = (Decision.Applied) ledger.step();
            assertEquals(EntryKind.TRANSFER_REFUND, refund.appended().get(0).getKind());
            assertEquals(10_000, balance("e"));
            TransferRecord failed = ledger.transfer(LedgerFixture.transferId("e", "g")).orElseThrow();
            assertEquals(TransferStatus.FAILED, failed.getStatus());
            assertEquals(RejectionCode.WALLET_NOT_FOUND, failed.getCode());
        }

        @Test
        void givenTheTargetRateGoneAfterTheDebit_whenCredited_thenRefunded() {
            ledger.apply(given.transfer("e", "j", "3", "", "gone"));
            ledger.rate("JPY", null);
            ledger.settle();
            assertEquals(TransferStatus.FAILED, ledger.transfer(LedgerFixture.transferId("e", "gone")).orElseThrow().getStatus());
            assertEquals(10_000, balance("e"));
            assertEquals(0, balance("j"));
        }

        @Test
        void givenASettledTransfer_whenItsSettleArrivesAgain_thenRefused_andNothingMoves() {
            ledger.apply(given.transfer("e", "u", "2", "", "s"));
            ledger.step();
            casino.contract.wallet.proto.Command settle = ledger.peek();
            ledger.step();
            Decision again = ledger.apply(settle.toBuilder().setFingerprint("other").build());
            assertEquals(Outcome.REJECTED, again.outcome().getOutcome());
            assertEquals(9_800, balance("e"));
        }
    }
}
