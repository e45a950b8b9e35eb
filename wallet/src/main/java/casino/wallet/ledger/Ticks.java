package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Tick;
import casino.contract.wallet.proto.Timer;
import casino.contract.wallet.proto.WalletEvent;
import java.util.Optional;

/**
 * {@code tick}: the internal command that proves the ledger's timers. On an existing wallet it changes
 * nothing but the count of applied commands; with {@code then_after_ms > 0} it schedules another tick
 * that much after its time (a {@link LedgerEvent.TimerScheduled}), fired as an ordinary command under the
 * fingerprint {@code timer:<this fingerprint>}.
 */
final class Ticks implements Handler {
    static final Handler HANDLER = new Ticks();

    @Override
    public String name() {
        return "tick";
    }

    @Override
    public String walletId(Command command) {
        return command.getTick().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getTick().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        return "tick:" + command.getTick().getThenAfterMs();
    }

    @Override
    public boolean replayAtEdge() {
        return false;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        Tick tick = command.getTick();
        if (state.wallet().isEmpty()) return rulings.notFound(state, event);
        Decision.Applied applied = (Decision.Applied) rulings.applied(state, new Book(state.id(), state.wallet().get()), event,
                Optional.empty());
        if (tick.getThenAfterMs() <= 0) return applied;
        long due = tick.getCreatedAtMs() + tick.getThenAfterMs();
        Command fired = Command.newBuilder().setRequestId(command.getRequestId() + "/timer")
                .setFingerprint(Fingerprint.TIMER_PREFIX + command.getFingerprint())
                .setTick(Tick.newBuilder().setWalletId(state.id()).setCreatedAtMs(due)).build();
        return applied.scheduling(Timer.newBuilder().setId(command.getFingerprint()).setWalletId(state.id()).setDueAtMs(due)
                .setCommand(fired).setScheduledAtMs(tick.getCreatedAtMs()).build());
    }
}
