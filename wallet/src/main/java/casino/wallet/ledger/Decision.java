package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.ArrayList;
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

    /** What the decision changed, in order, for {@link Ledger#evolve} and the stores: by default only the fingerprint kept. */
    default List<LedgerEvent> events() {
        return fingerprint().<List<LedgerEvent>>map(f -> List.of(new LedgerEvent.FingerprintUsed(f))).orElse(List.of());
    }

    /** A command for wallet {@code key}. */
    record Next(String key, Command command) {}

    /**
     * The command changed the wallet: {@code changes} are its events (entries appended, an entry voided, the
     * transfer recorded, ...) and {@code state} the wallet they leave; the outcome is emitted, then
     * {@code external}, and {@code next} is written.
     */
    record Applied(WalletState state, WalletEvent outcome, List<LedgerEvent> changes, List<WalletEvent> external,
                   Optional<FingerprintRecord> fingerprint, List<Next> next) implements Decision {
        Applied(WalletState state, WalletEvent outcome, List<LedgerEvent> changes, List<WalletEvent> external) {
            this(state, outcome, changes, external, Optional.empty(), List.of());
        }

        /** The entries appended, in refno order. */
        public List<Transaction> appended() {
            return changes.stream().filter(e -> e instanceof LedgerEvent.EntryAppended)
                    .map(e -> ((LedgerEvent.EntryAppended) e).entry()).toList();
        }

        /** The entry this command reversed, if it is a void. */
        public Optional<String> voided() {
            return changes.stream().filter(e -> e instanceof LedgerEvent.EntryVoided)
                    .map(e -> ((LedgerEvent.EntryVoided) e).transactionId()).findFirst();
        }

        /** The transfer as this command left it, if it is a step of one. */
        public Optional<TransferRecord> transfer() {
            return changes.stream().filter(e -> e instanceof LedgerEvent.TransferRecorded)
                    .map(e -> ((LedgerEvent.TransferRecorded) e).transfer()).findFirst();
        }

        @Override
        public List<LedgerEvent> events() {
            List<LedgerEvent> all = new ArrayList<>(changes);
            fingerprint.ifPresent(f -> all.add(new LedgerEvent.FingerprintUsed(f)));
            return List.copyOf(all);
        }

        Applied remembered(FingerprintRecord record) {
            return new Applied(state, outcome, changes, external, Optional.of(record), next);
        }

        Applied with(List<Next> then) {
            return new Applied(state, outcome, changes, external, fingerprint, then);
        }

        /** This decision also schedules {@code timer}. */
        Applied scheduling(casino.contract.wallet.proto.Timer timer) {
            List<LedgerEvent> scheduled = new ArrayList<>(changes);
            scheduled.add(new LedgerEvent.TimerScheduled(timer));
            return new Applied(state, outcome, List.copyOf(scheduled), external, fingerprint, next);
        }

        Applied with(TransferRecord record, List<Next> then) {
            List<LedgerEvent> recorded = new ArrayList<>(changes);
            recorded.add(new LedgerEvent.TransferRecorded(record));
            return new Applied(state, outcome.toBuilder().setTransfer(record).build(), List.copyOf(recorded), external, fingerprint, then);
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
