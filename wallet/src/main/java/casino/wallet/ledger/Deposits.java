package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import java.util.Map;
import java.util.Optional;

/** {@code deposit}: credits the wallet (creating a wallet in the core currency on the first one) and counts toward the threshold. */
final class Deposits implements Handler {
    static final Handler HANDLER = new Deposits();

    @Override
    public String name() {
        return "deposit";
    }

    @Override
    public String walletId(Command command) {
        return command.getDeposit().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getDeposit().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        return "deposit:" + command.getDeposit().getAmount().getCurrency() + ":" + command.getDeposit().getAmount().getMinor();
    }

    @Override
    public boolean replayAtEdge() {
        return true;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        DepositRequest deposit = command.getDeposit();
        long amount = deposit.getAmount().getMinor();
        WalletState wallet = state.wallet().orElseGet(() -> Rulings.newWallet(WalletInfo.newBuilder().setId(state.id())
                .setCurrency(rulings.rules().currency()).setCreatedAtMs(deposit.getCreatedAtMs()).build()));
        Optional<Decision> refused = rulings.currencyMismatch(state, event, deposit.getAmount(), wallet);
        if (refused.isPresent()) return refused.get();
        if (amount <= 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must be positive");
        Book book = state.wallet().isPresent() ? new Book(state.id(), wallet) : Book.opening(state.id(), wallet.getInfo());
        if (!book.append(amount, EntryKind.DEPOSIT, command.getFingerprint(), "deposit", Map.of(), deposit.getCreatedAtMs(), "")) {
            return rulings.overflow(state, event);
        }
        ThresholdRule.Result flag = rulings.rules().threshold().add(wallet.getAboveThreshold(),
                RecentDeposits.decode(wallet.getRecentDepositsPacked()), wallet.getMaxDepositAtMs(), deposit.getCreatedAtMs(), amount);
        book.threshold(flag);
        return rulings.applied(state, book, event.setCreditMinor(amount), Optional.empty());
    }
}
