package casino.wallet.ledger;

import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code casino_bet}: debits the stake (if {@link Funds} allows it) and, when won, credits stake x payout
 * multiplier. Decided once: a refusal is kept under the fingerprint too.
 */
final class CasinoBets implements Handler {
    static final Handler HANDLER = new CasinoBets();

    @Override
    public String name() {
        return "casino_bet";
    }

    @Override
    public String walletId(Command command) {
        return command.getCasinoBet().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getCasinoBet().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        CasinoBet bet = command.getCasinoBet();
        return "casino_bet:" + bet.getStake().getCurrency() + ":" + bet.getStake().getMinor() + ":" + bet.getWon();
    }

    @Override
    public boolean decidedOnce() {
        return true;
    }

    @Override
    public boolean replayAtEdge() {
        return true;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        CasinoBet bet = command.getCasinoBet();
        long stake = bet.getStake().getMinor();
        if (state.wallet().isEmpty()) return rulings.reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds");
        WalletState wallet = state.wallet().get();
        Optional<Decision> refused = rulings.currencyMismatch(state, event, bet.getStake(), wallet);
        if (refused.isPresent()) return refused.get();
        if (stake < 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "stake must not be negative");
        Optional<Decision> unfunded = Funds.refusal(rulings, state, event, wallet, stake);
        if (unfunded.isPresent()) return unfunded.get();
        OptionalLong payout = bet.getWon() ? Checked.multiply(stake, rulings.rules().payoutMultiplier()) : OptionalLong.of(0);
        Book book = new Book(state.id(), wallet);
        boolean booked = payout.isPresent()
                && (stake == 0 || book.append(-stake, EntryKind.CASINO_BET, command.getFingerprint(), "casino bet", Map.of(), bet.getCreatedAtMs(), ""))
                && (payout.getAsLong() == 0 || book.append(payout.getAsLong(), EntryKind.CASINO_WIN, command.getFingerprint(), "casino win",
                        Map.of(), bet.getCreatedAtMs(), ""));
        if (!booked) return rulings.overflow(state, event);
        return rulings.applied(state, book, event.setDebitMinor(stake).setCreditMinor(payout.getAsLong()), Optional.empty());
    }
}
