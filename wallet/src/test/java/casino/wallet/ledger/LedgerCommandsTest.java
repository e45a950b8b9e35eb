package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every command kind through the pure decider (no Kafka), Given/When/Then: what it appends, what it
 * refuses with which code, and what it remembers under its fingerprint.
 */
class LedgerCommandsTest {
    final LedgerFixture given = new LedgerFixture();
    final InMemoryLedger ledger = new InMemoryLedger();

    static List<EntryKind> kinds(Decision.Applied applied) {
        return applied.appended().stream().map(Transaction::getKind).toList();
    }

    static List<WalletEvent.ExternalCase> external(Decision.Applied applied) {
        return applied.external().stream().map(WalletEvent::getExternalCase).toList();
    }

    Decision.Rejected refused(RejectionCode code, Command command) {
        Decision.Rejected rejected = ledger.expect(Decision.Rejected.class, command);
        assertEquals(Outcome.REJECTED, rejected.outcome().getOutcome());
        assertEquals(code, rejected.outcome().getCode(), rejected.outcome().getReason());
        return rejected;
    }

    @Nested
    class Deposit {
        @Test
        void givenNoWallet_whenDeposit_thenAnEurWalletWithOneDepositEntry_andWalletCreatedFirst() {
            Decision.Applied d = ledger.expect(Decision.Applied.class, given.deposit("w", 500, null, 0));
            assertEquals(List.of(EntryKind.DEPOSIT), kinds(d));
            assertEquals("EUR", d.state().getInfo().getCurrency());
            assertEquals(List.of(WalletEvent.ExternalCase.WALLET_CREATED, WalletEvent.ExternalCase.TRANSACTION_CREATED,
                    WalletEvent.ExternalCase.BALANCE_CHANGED), external(d));
            assertTrue(d.fingerprint().isPresent(), "a deposit is applied once");
        }

        @Test
        void givenTwo6000Within120Seconds_whenTheSecondArrives_thenAboveThreshold() {
            assertFalse(ledger.expect(Decision.Applied.class, given.deposit("w", 600_000, null, 0)).state().getAboveThreshold());
            assertTrue(ledger.expect(Decision.Applied.class, given.deposit("w", 600_000, null, 90)).state().getAboveThreshold());
        }

        @Test
        void givenAWallet_whenZeroOrAnotherCurrencyOrOverflow_thenOneCodeEach_andTheFingerprintStaysFree() {
            ledger.apply(given.deposit("w", Long.MAX_VALUE - 10, null, 0));
            assertTrue(refused(RejectionCode.INVALID_AMOUNT, given.deposit("w", 0, "f", 1)).fingerprint().isEmpty());
            Command usd = given.deposit("w", 5, "f", 1);
            usd = usd.toBuilder().setDeposit(usd.getDeposit().toBuilder().setAmount(usd.getDeposit().getAmount().toBuilder()
                    .setCurrency("USD"))).build();
            refused(RejectionCode.CURRENCY_MISMATCH, usd);
            refused(RejectionCode.OVERFLOW, given.deposit("w", 11, "f", 1));
            ledger.expect(Decision.Applied.class, given.deposit("w", 10, "f", 1));
        }
    }

    @Nested
    class CasinoBetAndWin {
        @Test
        void givenFunds_whenALostBet_thenOneCasinoBetEntryOfMinusTheStake() {
            ledger.apply(given.deposit("p", 1_000, null, 0));
            Decision.Applied d = ledger.expect(Decision.Applied.class, given.bet("p", 300, false, "casino-1"));
            assertEquals(List.of(EntryKind.CASINO_BET), kinds(d));
            assertEquals(-300, d.appended().get(0).getAmount().getMinor());
            assertEquals(700, d.state().getBalance().getMinor());
        }

        @Test
        void givenAWallet_whenAZeroStakeLostBet_thenAppliedWithoutAnEntry() {
            ledger.apply(given.deposit("p", 1_000, null, 0));
            Decision.Applied d = ledger.expect(Decision.Applied.class, given.bet("p", 0, false, "casino-0"));
            assertEquals(List.of(), d.appended(), "no zero-amount entries");
            assertEquals(1, d.state().getLastRefno());
        }

        @Test
        void givenFunds_whenAWonBet_thenTheStakeAndTwiceItAsTwoChainedEntries() {
            ledger.apply(given.deposit("p", 1_000, null, 0));
            Decision.Applied d = ledger.expect(Decision.Applied.class, given.bet("p", 300, true, "casino-2"));
            assertEquals(List.of(EntryKind.CASINO_BET, EntryKind.CASINO_WIN), kinds(d));
            assertEquals(600, d.appended().get(1).getAmount().getMinor());
            assertEquals(d.appended().get(0).getNewBalanceMinor(), d.appended().get(1).getOldBalanceMinor());
            assertEquals(1_300, d.state().getBalance().getMinor());
        }

        @Test
        void givenNoWallet_whenABet_thenInsufficientFunds_remembered_soTheSameEventIsNeverDecidedAgain() {
            Decision.Rejected r = refused(RejectionCode.INSUFFICIENT_FUNDS, given.bet("p", 1, false, "casino-3"));
            assertTrue(r.fingerprint().isPresent());
            ledger.apply(given.deposit("p", 1_000, null, 0));
            Decision.Replayed again = ledger.expect(Decision.Replayed.class, given.bet("p", 1, false, "casino-3"));
            assertEquals(RejectionCode.INSUFFICIENT_FUNDS, again.outcome().getCode());
        }

        @Test
        void givenAHugeWonStake_whenThePayoutWouldOverflow_thenOverflow_andANegativeStakeIsAnInvalidAmount() {
            ledger.apply(given.deposit("p", Long.MAX_VALUE, null, 0));
            refused(RejectionCode.OVERFLOW, given.bet("p", Long.MAX_VALUE, true, "casino-4"));
            refused(RejectionCode.INVALID_AMOUNT, given.bet("p", -1, false, "casino-5"));
            assertEquals(Long.MAX_VALUE, ledger.wallet("p").orElseThrow().getBalance().getMinor());
        }
    }

    @Nested
    class Create {
        @Test
        void givenNoWallet_whenCreate_thenTheWalletWithItsInfo_noEntry_andNothingRemembered() {
            Decision.Applied d = ledger.expect(Decision.Applied.class, given.create("w", "crm-1", 0));
            assertEquals("crm-1", d.state().getInfo().getExternalId());
            assertEquals("crm-1", d.outcome().getWallet().getExternalId());
            assertEquals(List.of(), d.appended());
            assertEquals(List.of(WalletEvent.ExternalCase.WALLET_CREATED), external(d));
            assertTrue(d.fingerprint().isEmpty(), "a create's fingerprint is new per request");
        }

        @Test
        void givenAnInitialBalance_whenCreate_thenOneOpeningEntry() {
            Command classic = given.create("w", "", 0);
            classic = classic.toBuilder().setCreateWallet(classic.getCreateWallet().toBuilder().setInitialMinor(1_500)).build();
            Decision.Applied d = ledger.expect(Decision.Applied.class, classic);
            assertEquals(List.of(EntryKind.OPENING), kinds(d));
            assertEquals(1_500, d.state().getBalance().getMinor());
        }

        @Test
        void givenAWallet_whenCreatedAgain_thenWalletExists_andItsOwnExternalIdIsKept() {
            ledger.apply(given.create("w", "crm-2", 0));
            assertTrue(refused(RejectionCode.WALLET_EXISTS, given.create("w", "crm-2", 1)).release().isEmpty());
            assertTrue(refused(RejectionCode.WALLET_EXISTS, given.create("w", "crm-3", 1)).release().isPresent(),
                    "another external id was claimed in vain: give it back");
        }

        @Test
        void givenAnUnknownCurrencyOrANegativeOpening_whenCreate_thenOneCodeEach_andTheClaimIsReleased() {
            Command xxx = given.create("w", "crm-4", 0);
            xxx = xxx.toBuilder().setCreateWallet(xxx.getCreateWallet().toBuilder().setCurrency("X1")).build();
            Command release = refused(RejectionCode.UNKNOWN_CURRENCY, xxx).release().orElseThrow();
            assertEquals("crm-4", release.getReleaseExternalId().getExternalId());
            assertEquals("w", release.getReleaseExternalId().getWalletId());
            Command negative = given.create("w", "", 0);
            negative = negative.toBuilder().setCreateWallet(negative.getCreateWallet().toBuilder().setInitialMinor(-1)).build();
            refused(RejectionCode.INVALID_AMOUNT, negative);
            assertTrue(ledger.wallet("w").isEmpty());
        }
    }

    @Nested
    class Post {
        @Test
        void givenAWallet_whenCreditThenDebit_thenTwoTransactionEntriesChained() {
            ledger.apply(given.create("w", "", 0));
            Decision.Applied credit = ledger.expect(Decision.Applied.class, given.post("w", "20.00", "a", 1));
            Decision.Applied debit = ledger.expect(Decision.Applied.class, given.post("w", "-5", "b", 2));
            assertEquals(List.of(EntryKind.TRANSACTION), kinds(debit));
            assertEquals(-500, debit.appended().get(0).getAmount().getMinor());
            assertEquals(credit.appended().get(0).getNewBalanceMinor(), debit.appended().get(0).getOldBalanceMinor());
            assertEquals(500, debit.outcome().getDebitMinor());
        }

        @Test
        void givenAPostedBody_whenTheSameBodyAgain_thenReplayed_andADifferentOneIsAConflict() {
            ledger.apply(given.create("w", "", 0));
            ledger.apply(given.post("w", "5.00", "a", 1));
            assertTrue(ledger.expect(Decision.Replayed.class, given.post("w", "5", "a", 9)).outcome().getReplay());
            Decision.Conflict c = ledger.expect(Decision.Conflict.class, given.post("w", "6", "a", 9));
            assertEquals(RejectionCode.FINGERPRINT_CONFLICT, c.outcome().getCode());
        }

        @Test
        void givenBadAmountsOrNoWallet_thenOneCodeEach() {
            refused(RejectionCode.WALLET_NOT_FOUND, given.post("nobody", "5", "a", 0));
            ledger.apply(given.create("w", "", 0));
            refused(RejectionCode.INVALID_AMOUNT, given.post("w", "0.00", "a", 0));
            refused(RejectionCode.INVALID_AMOUNT, given.post("w", "5.001", "a", 0));
            refused(RejectionCode.INVALID_AMOUNT, given.post("w", "five", "a", 0));
            refused(RejectionCode.INVALID_AMOUNT, given.post("w", "1e30", "a", 0));
            refused(RejectionCode.INSUFFICIENT_FUNDS, given.post("w", "-0.01", "a", 0));
            assertEquals(0, ledger.wallet("w").orElseThrow().getLastRefno());
        }

        @Test
        void givenAClassicAddFunds_whenPostedInMinorUnits_thenItsKindIsKept() {
            ledger.apply(given.create("w", "", 0));
            Command add = given.post("w", "", "ref-1", 0);
            add = add.toBuilder().setPostTransaction(add.getPostTransaction().toBuilder().setAmountMinor(250)
                    .setKind(EntryKind.ADD_FUNDS)).build();
            Decision.Applied d = ledger.expect(Decision.Applied.class, add);
            assertEquals(List.of(EntryKind.ADD_FUNDS), kinds(d));
            assertEquals(250, d.state().getBalance().getMinor());
        }
    }

    @Nested
    class Void {
        @Test
        void givenADebit_whenVoided_thenACompensatingVoidEntry_namingTheOriginal_andAgainIsAReplay() {
            ledger.apply(given.create("w", "", 0));
            ledger.apply(given.post("w", "30", "a", 1));
            Transaction debit = ledger.expect(Decision.Applied.class, given.post("w", "-10", "b", 2)).appended().get(0);
            Decision.Applied voided = ledger.expect(Decision.Applied.class, given.voidOf("w", debit.getId()));
            Transaction compensation = voided.appended().get(0);
            assertEquals(EntryKind.VOID, compensation.getKind());
            assertEquals(1_000, compensation.getAmount().getMinor());
            assertEquals(debit.getId(), compensation.getVoidsId());
            assertEquals(debit.getId(), voided.voided().orElseThrow());
            assertTrue(external(voided).contains(WalletEvent.ExternalCase.TRANSACTION_VOIDED));
            ledger.expect(Decision.Replayed.class, given.voidOf("w", debit.getId()));
            refused(RejectionCode.VOID_OF_VOID, given.voidOf("w", compensation.getId()));
        }

        @Test
        void givenAVoidedEntry_whenVoidedUnderAnotherFingerprint_thenAlreadyVoided() {
            ledger.apply(given.create("w", "", 0));
            Transaction credit = ledger.expect(Decision.Applied.class, given.post("w", "30", "a", 1)).appended().get(0);
            ledger.apply(given.voidOf("w", credit.getId()));
            refused(RejectionCode.ALREADY_VOIDED, given.voidOf("w", credit.getId()).toBuilder().setFingerprint("other").build());
        }

        @Test
        void givenNoWalletOrNoEntryOrTooLittleMoney_whenVoid_thenOneCodeEach() {
            refused(RejectionCode.WALLET_NOT_FOUND, given.voidOf("w", "00000000-0000-0000-0000-000000000000"));
            ledger.apply(given.create("w", "", 0));
            refused(RejectionCode.TRANSACTION_NOT_FOUND, given.voidOf("w", "00000000-0000-0000-0000-000000000000"));
            Transaction credit = ledger.expect(Decision.Applied.class, given.post("w", "30", "a", 1)).appended().get(0);
            ledger.apply(given.post("w", "-25", "b", 2));
            assertTrue(refused(RejectionCode.INSUFFICIENT_FUNDS, given.voidOf("w", credit.getId())).fingerprint().isEmpty());
        }
    }

    @Nested
    class Release {
        @Test
        void givenAReleaseOnTheCommandsTopic_whenDecided_thenNotALedgerCommand_andNothingChanges() {
            ledger.apply(given.create("w", "crm-9", 0));
            Decision.Rejected r = refused(RejectionCode.NOT_A_LEDGER_COMMAND, given.release("w", "crm-9"));
            assertTrue(r.fingerprint().isEmpty());
            assertTrue(r.release().isEmpty());
            assertEquals("crm-9", ledger.wallet("w").orElseThrow().getInfo().getExternalId());
        }
    }
}
