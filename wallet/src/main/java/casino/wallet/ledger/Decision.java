package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.List;
import java.util.Optional;

/** What the ledger decided for one command; every kind carries the outcome to emit on wallet.events. */
public sealed interface Decision {
    WalletEvent outcome();

    /** What to keep under the command's fingerprint, if anything. */
    Optional<FingerprintRecord> fingerprint();

    /** Commands for other wallets to write to wallet.commands in the same transaction (a transfer's next step). */
    default List<Next> next() {
        return List.of();
    }

    /** A command for wallet {@code key}. */
    record Next(String key, Command command) {}

    /**
     * The command changed the wallet: store {@code state} and the {@code appended} entries (marking
     * entry {@code voided} as reversed), keep the fingerprint and the {@code transfer}, emit the
     * outcome, then {@code external}, and write {@code next}.
     */
    record Applied(WalletState state, WalletEvent outcome, List<Transaction> appended, Optional<String> voided,
                   List<WalletEvent> external, Optional<FingerprintRecord> fingerprint, Optional<TransferRecord> transfer,
                   List<Next> next) implements Decision {
        Applied(WalletState state, WalletEvent outcome, List<Transaction> appended, Optional<String> voided,
                List<WalletEvent> external, Optional<FingerprintRecord> fingerprint) {
            this(state, outcome, appended, voided, external, fingerprint, Optional.empty(), List.of());
        }

        Applied remembered(FingerprintRecord record) {
            return new Applied(state, outcome, appended, voided, external, Optional.of(record), transfer, next);
        }

        Applied with(List<Next> then) {
            return new Applied(state, outcome, appended, voided, external, fingerprint, transfer, then);
        }

        Applied with(TransferRecord record, List<Next> then) {
            return new Applied(state, outcome.toBuilder().setTransfer(record).build(), appended, voided, external, fingerprint,
                    Optional.of(record), then);
        }
    }

    /**
     * Refused: nothing changed. A casino bet's refusal is kept under its fingerprint (each casino event is
     * decided once); a create that claimed an external id sends {@code release} to wallet.external-ids; a
     * refused transfer credit sends its settle back to the source.
     */
    record Rejected(WalletEvent outcome, Optional<FingerprintRecord> fingerprint, Optional<Command> release,
                    List<Next> next) implements Decision {
        Rejected(WalletEvent outcome, Optional<FingerprintRecord> fingerprint, Optional<Command> release) {
            this(outcome, fingerprint, release, List.of());
        }

        Rejected remembered(FingerprintRecord record) {
            return new Rejected(outcome, Optional.of(record), release, next);
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
