package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.List;
import java.util.Optional;

/** What the ledger decided for one command; every kind carries the outcome to emit on wallet.events. */
public sealed interface Decision {
    WalletEvent outcome();

    /** What to keep under the command's fingerprint, if anything. */
    Optional<FingerprintRecord> fingerprint();

    /**
     * The command changed the wallet: store {@code state} and the {@code appended} entries (marking
     * entry {@code voided} as reversed), keep the fingerprint, emit the outcome, then {@code external}.
     */
    record Applied(WalletState state, WalletEvent outcome, List<Transaction> appended, Optional<String> voided,
                   List<WalletEvent> external, Optional<FingerprintRecord> fingerprint) implements Decision {
        Applied remembered(FingerprintRecord record) {
            return new Applied(state, outcome, appended, voided, external, Optional.of(record));
        }
    }

    /**
     * Refused: nothing changed. A casino bet's refusal is kept under its fingerprint (each casino event is
     * decided once); a create that claimed an external id sends {@code release} to wallet.external-ids.
     */
    record Rejected(WalletEvent outcome, Optional<FingerprintRecord> fingerprint, Optional<Command> release) implements Decision {
        Rejected remembered(FingerprintRecord record) {
            return new Rejected(outcome, Optional.of(record), release);
        }
    }

    /** The same command under a used fingerprint: the first outcome again, marked as a replay. */
    record Replayed(WalletEvent outcome) implements Decision {
        @Override
        public Optional<FingerprintRecord> fingerprint() {
            return Optional.empty();
        }
    }

    /** A different command under a used fingerprint: refused, nothing changed. */
    record Conflict(WalletEvent outcome) implements Decision {
        @Override
        public Optional<FingerprintRecord> fingerprint() {
            return Optional.empty();
        }
    }
}
