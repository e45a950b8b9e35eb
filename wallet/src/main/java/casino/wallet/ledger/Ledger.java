package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import java.util.Optional;

/**
 * The ledger as a decider: {@code decide(command, state)} is a pure function to a {@link Decision} (events, or
 * a refusal), {@code evolve(state, event)} the pure fold of those events ({@link LedgerStore} writes the stores
 * from its result).
 * Guarantees: a fingerprint is applied at most once per wallet (a replay returns the first outcome, a
 * different command under it is a conflict); a balance never goes negative or overflows (every debit asks
 * {@link Funds}); every change is an appended entry (see {@link Book}); money in another currency is
 * converted once, half-even, at the rates in the state ({@link Amounts}). Each command kind is decided by
 * its {@link Handler} ({@link Handlers}, the one table). Rejected commands do not consume their
 * fingerprint, except the kinds decided once (casino bets, transfer credits).
 */
public final class Ledger {
    private final Rulings rulings;

    public Ledger(LedgerRules rules) {
        this.rulings = new Rulings(rules);
    }

    public Decision decide(Command command, LedgerState state) {
        Handler handler = Handlers.of(command);
        String digest = handler.digest(command);
        WalletEvent.Builder event = outcomeOf(command, state);
        Optional<Decision> previously = previously(command, digest, state, event);
        if (previously.isPresent()) return previously.get();
        Decision decision = handler.decide(command, state, event, rulings);
        FingerprintRecord record = FingerprintRecord.newBuilder().setCommandDigest(digest).setOutcome(decision.outcome()).build();
        return switch (decision) {
            case Decision.Applied applied when handler.remembersApplied() -> applied.remembered(record);
            case Decision.Rejected rejected when handler.decidedOnce() -> rejected.remembered(record);
            default -> decision;
        };
    }

    /** {@code evolve(state, event) -> state}: the state after one event of a decision (see {@link LedgerEvent}). */
    public static LedgerState evolve(LedgerState state, LedgerEvent event) {
        return Evolve.evolve(state, event);
    }

    /**
     * The answer to a command whose fingerprint is already used in {@code state}: its first outcome
     * again, marked as a replay ({@link Decision.Replayed}), or a {@link Decision.Conflict} when the
     * fingerprint was used for a different command; empty when the fingerprint is unused. The HTTP
     * edge answers committed replays with this too, from the owner's stores.
     */
    public Optional<Decision> previously(Command command, LedgerState state) {
        if (state.fingerprint().isEmpty()) return Optional.empty();
        return previously(command, Handlers.of(command).digest(command), state, outcomeOf(command, state));
    }

    private static WalletEvent.Builder outcomeOf(Command command, LedgerState state) {
        Handler handler = Handlers.of(command);
        return WalletEvent.newBuilder()
                .setRequestId(command.getRequestId())
                .setFingerprint(command.getFingerprint())
                .setWalletId(state.id())
                .setCommand(handler.name())
                .setCreatedAtMs(handler.createdAt(command));
    }

    private Optional<Decision> previously(Command command, String digest, LedgerState state, WalletEvent.Builder event) {
        Optional<FingerprintRecord> previous = state.fingerprint();
        if (previous.isEmpty()) return Optional.empty();
        if (previous.get().getCommandDigest().equals(digest)) {
            WalletEvent.Builder replay = previous.get().getOutcome().toBuilder().setRequestId(command.getRequestId()).setReplay(true);
            state.transfer().ifPresent(replay::setTransfer); // a transfer's replay shows where it is now
            return Optional.of(new Decision.Replayed(replay.build()));
        }
        return Optional.of(new Decision.Conflict(rulings.withBalance(event, state).setOutcome(Outcome.CONFLICT)
                .setCode(RejectionCode.FINGERPRINT_CONFLICT)
                .setReason("fingerprint already used for a different command").build()));
    }
}
