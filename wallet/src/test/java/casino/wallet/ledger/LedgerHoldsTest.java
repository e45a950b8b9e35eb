package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two-phase holds in the pure ledger (over maps): place, capture, void, expire, and the one spending rule. */
class LedgerHoldsTest {
    final LedgerFixture given = new LedgerFixture();
    final InMemoryLedger ledger = new InMemoryLedger();

    @BeforeEach
    void aWalletWith100() {
        ledger.expect(Decision.Applied.class, given.create("w", "EUR"));
        ledger.expect(Decision.Applied.class, given.post("w", "100.00", "fund", 1));
    }

    WalletState wallet() {
        return ledger.wallet("w").orElseThrow();
    }

    Hold place(String amount, String fingerprint) {
        return ledger.expect(Decision.Applied.class, given.hold("w", amount, fingerprint, 10, 900)).outcome().getHold();
    }

    static List<WalletEvent.ExternalCase> external(Decision.Applied applied) {
        return applied.external().stream().map(WalletEvent::getExternalCase).toList();
    }

    @Test
    void givenAHold_thenItReservesItsAmount_andEveryDebitSeesOnlyWhatIsAvailable() {
        Hold hold = place("60.00", "h1");
        assertEquals(HoldStatus.HELD, hold.getStatus());
        assertEquals(6000, hold.getRemainingMinor());
        assertEquals(LedgerFixture.at(910), hold.getExpiresAtMs());
        assertEquals(10000, wallet().getBalance().getMinor(), "posted unchanged");
        assertEquals(6000, wallet().getHeldMinor());
        Decision.Rejected debit = ledger.expect(Decision.Rejected.class, given.post("w", "-40.01", "spend", 11));
        assertEquals(RejectionCode.INSUFFICIENT_FUNDS, debit.outcome().getCode());
        Decision.Rejected second = ledger.expect(Decision.Rejected.class, given.hold("w", "40.01", "h2", 11, 900));
        assertEquals(RejectionCode.INSUFFICIENT_FUNDS, second.outcome().getCode());
        assertEquals(6000, second.outcome().getHeldMinor(), "the refusal tells what is held, so the edge can say what is available");
        ledger.expect(Decision.Applied.class, given.post("w", "-40.00", "spend-all", 12));
    }

    @Test
    void givenAHold_whenCapturedInParts_thenEachPartIsACaptureEntry_andTheLastFinalOneReleasesTheRest() {
        Hold hold = place("60.00", "h1");
        Decision.Applied part = ledger.expect(Decision.Applied.class, given.capture("w", hold.getId(), "10.00", true, "c1", 20));
        assertEquals(EntryKind.CAPTURE, part.appended().get(0).getKind());
        assertEquals(-1000, part.appended().get(0).getAmount().getMinor());
        assertEquals(HoldStatus.HELD, part.outcome().getHold().getStatus());
        assertEquals(5000, part.outcome().getHold().getRemainingMinor());
        assertEquals(List.of(WalletEvent.ExternalCase.TRANSACTION_CREATED, WalletEvent.ExternalCase.BALANCE_CHANGED,
                WalletEvent.ExternalCase.HOLD_CAPTURED), external(part));
        Decision.Rejected over = ledger.expect(Decision.Rejected.class, given.capture("w", hold.getId(), "50.01", true, "c2", 21));
        assertEquals(RejectionCode.EXCEEDS_HOLD, over.outcome().getCode());
        Decision.Applied last = ledger.expect(Decision.Applied.class, given.capture("w", hold.getId(), "20.00", false, "c3", 22));
        assertEquals(HoldStatus.CAPTURED, last.outcome().getHold().getStatus());
        assertEquals(3000, last.outcome().getHold().getCapturedMinor());
        assertEquals(WalletEvent.ExternalCase.HOLD_RELEASED, external(last).get(3));
        assertEquals("final", last.external().get(3).getHoldReleased().getReason());
        assertEquals(3000, last.external().get(3).getHoldReleased().getReleasedMinor());
        assertEquals(7000, wallet().getBalance().getMinor());
        assertEquals(0, wallet().getHeldMinor());
        Decision.Rejected closed = ledger.expect(Decision.Rejected.class, given.capture("w", hold.getId(), "", false, "c4", 23));
        assertEquals("hold closed", closed.outcome().getReason());
    }

    @Test
    void givenAVoidedHold_thenItsAmountIsAvailableAgain_andAnotherVoidOrCaptureSaysVoided_andTheSameVoidIsAReplay() {
        Hold hold = place("60.00", "h1");
        Decision.Applied voided = ledger.expect(Decision.Applied.class, given.voidHold("w", hold.getId(), "v1", 20));
        assertEquals(HoldStatus.VOIDED, voided.outcome().getHold().getStatus());
        assertEquals("voided", voided.external().get(0).getHoldReleased().getReason());
        assertEquals(0, wallet().getHeldMinor());
        assertEquals("hold voided", ledger.expect(Decision.Rejected.class, given.voidHold("w", hold.getId(), "v2", 21)).outcome().getReason());
        assertEquals("hold voided", ledger.expect(Decision.Rejected.class, given.capture("w", hold.getId(), "", false, "c", 21))
                .outcome().getReason());
        ledger.expect(Decision.Replayed.class, given.voidHold("w", hold.getId(), "v1", 22));
        assertEquals(RejectionCode.HOLD_NOT_FOUND, ledger.expect(Decision.Rejected.class,
                given.voidHold("w", Holds.id("w", 99), "v3", 22)).outcome().getCode());
    }

    @Test
    void givenAHold_whenItsTimerFires_thenItExpiresOnce_andLaterCommandsSayExpired() {
        Hold hold = place("60.00", "h1");
        assertTrue(ledger.fireDue(LedgerFixture.at(909)).isEmpty(), "not due before expires_at");
        assertEquals("hold expired", ledger.expect(Decision.Rejected.class, given.capture("w", hold.getId(), "", false, "late", 910))
                .outcome().getReason(), "due but not fired yet: already unusable");
        List<Decision> fired = ledger.fireDue(LedgerFixture.at(910));
        assertEquals(1, fired.size());
        Decision.Applied expired = (Decision.Applied) fired.get(0);
        assertEquals(HoldStatus.EXPIRED, expired.outcome().getHold().getStatus());
        assertEquals("expired", expired.external().get(0).getHoldReleased().getReason());
        assertEquals(0, wallet().getHeldMinor());
        assertTrue(ledger.fireDue(LedgerFixture.at(10_000)).isEmpty(), "fired once");
        assertEquals("hold expired", ledger.expect(Decision.Rejected.class, given.voidHold("w", hold.getId(), "v", 911)).outcome().getReason());
    }

    @Test
    void givenAClosedHold_whenItsTimerFires_thenNothingChanges() {
        Hold hold = place("60.00", "h1");
        ledger.expect(Decision.Applied.class, given.voidHold("w", hold.getId(), "v1", 20));
        long applied = wallet().getAppliedCommands();
        List<Decision> fired = ledger.fireDue(LedgerFixture.at(910));
        assertEquals(RejectionCode.HOLD_CLOSED, fired.get(0).outcome().getCode());
        assertEquals(applied, wallet().getAppliedCommands());
    }

    @Test
    void givenAPlacedHold_thenTheSameFingerprintAndBodyIsAReplay_andAnotherBodyAConflict() {
        Hold hold = place("60.00", "h1");
        Decision.Replayed replay = ledger.expect(Decision.Replayed.class, given.hold("w", "60.0", "h1", 30, 900));
        assertEquals(hold.getId(), replay.outcome().getHold().getId());
        ledger.expect(Decision.Conflict.class, given.hold("w", "61.00", "h1", 30, 900));
        assertEquals(RejectionCode.INVALID_AMOUNT, ledger.expect(Decision.Rejected.class, given.hold("w", "1.001", "h3", 30, 900))
                .outcome().getCode());
        assertEquals(RejectionCode.INVALID_AMOUNT, ledger.expect(Decision.Rejected.class, given.hold("w", "-1", "h4", 30, 900))
                .outcome().getCode());
    }
}
