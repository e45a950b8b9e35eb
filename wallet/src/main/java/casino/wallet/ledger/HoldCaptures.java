package casino.wallet.ledger;

import casino.contract.wallet.proto.CaptureHold;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldCaptured;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code capture_hold}: debits part or all of what remains of an open hold as an entry of kind {@code capture};
 * a final capture (or one that takes all that remains) closes the hold and releases the rest. The reserved money
 * is released and debited in one decision, so what is available never drops; the debit still asks {@link Funds}.
 */
final class HoldCaptures implements Handler {
    @Override
    public String name() {
        return "capture_hold";
    }

    @Override
    public String walletId(Command command) {
        return command.getCaptureHold().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getCaptureHold().getCreatedAtMs();
    }

    @Override
    public String holdId(Command command) {
        return command.getCaptureHold().getHoldId();
    }

    @Override
    public String digest(Command command) {
        CaptureHold c = command.getCaptureHold();
        String amount = c.getAmount().isEmpty() ? "rest" : Holds.number(c.getAmount());
        return "capture:" + c.getHoldId() + ":" + amount + ":" + (c.getKeepOpen() ? "open" : "final");
    }

    @Override
    public boolean replayAtEdge() {
        return true;
    }

    @Override
    public String amountText(Command command) {
        return command.getCaptureHold().getAmount();
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        CaptureHold c = command.getCaptureHold();
        if (state.wallet().isEmpty()) return rulings.notFound(state, event);
        WalletState wallet = state.wallet().get();
        event.setHeldMinor(Funds.held(wallet));
        Optional<Decision> unusable = Holds.unusable(state, event, rulings, c.getHoldId(), c.getCreatedAtMs());
        if (unusable.isPresent()) return unusable.get();
        Hold hold = state.hold().get();
        long remaining = hold.getRemainingMinor();
        long amount = remaining;
        if (!c.getAmount().isEmpty()) {
            Money.Builder asked = Money.newBuilder();
            Optional<Decision> invalid = rulings.minor(state, event, c.getAmount(), wallet.getInfo().getCurrency(), asked);
            if (invalid.isPresent()) return invalid.get();
            amount = asked.getMinor();
            if (amount <= 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must be positive");
            if (amount > remaining) return rulings.reject(state, event, RejectionCode.EXCEEDS_HOLD, "exceeds hold");
        }
        boolean close = !c.getKeepOpen() || amount == remaining;
        long left = close ? 0 : remaining - amount;
        long at = Math.max(c.getCreatedAtMs(), hold.getCreatedAtMs());
        Hold.Builder after = hold.toBuilder().setCapturedMinor(hold.getCapturedMinor() + amount).setRemainingMinor(left);
        if (close) after.setStatus(HoldStatus.CAPTURED).setClosedAtMs(at);
        Hold captured = after.build();
        long held = Funds.held(wallet) - (remaining - left);
        Book book = new Book(state.id(), wallet);
        book.hold(captured, held); // released first: the debit comes out of what the hold reserved
        Optional<Decision> unfunded = Funds.refusal(rulings, state, event, book.state(), amount);
        if (unfunded.isPresent()) return unfunded.get();
        if (!book.append(-amount, EntryKind.CAPTURE, command.getFingerprint(), "capture of hold " + hold.getId(),
                hold.getLabelsMap(), at, "")) {
            return rulings.overflow(state, event);
        }
        Transaction entry = book.entries().get(0);
        List<WalletEvent> more = new ArrayList<>();
        more.add(WalletEvent.newBuilder().setWalletId(state.id())
                .setHoldCaptured(HoldCaptured.newBuilder().setHold(captured).setEntry(entry)).build());
        if (close && remaining - amount > 0) more.add(Holds.released(state.id(), captured, remaining - amount, "final"));
        return Holds.withExternal(rulings.applied(state, book, event.setDebitMinor(amount).setHold(captured).setHeldMinor(held),
                Optional.empty()), more);
    }
}
