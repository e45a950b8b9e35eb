package casino.wallet.ledger;

import casino.contract.wallet.proto.BalanceChanged;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransactionCreated;
import casino.contract.wallet.proto.TransactionVoided;
import casino.contract.wallet.proto.WalletCreated;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.ArrayList;
import java.util.List;

/**
 * The external events of an applied command, in order: WalletCreated (if it created the wallet),
 * then per entry TransactionCreated, TransactionVoided (for a void) and BalanceChanged. They carry no
 * request id and no outcome.
 */
final class ExternalEvents {
    private ExternalEvents() {}

    static List<WalletEvent> of(String walletId, WalletState state, List<Transaction> entries, boolean created) {
        List<WalletEvent> events = new ArrayList<>();
        if (created) {
            Money opening = Money.newBuilder().setMinor(0).setCurrency(state.getBalance().getCurrency()).build();
            events.add(event(walletId).setWalletCreated(WalletCreated.newBuilder()
                    .setWallet(state.getInfo()).setBalance(opening)).build());
        }
        for (Transaction t : entries) {
            events.add(event(walletId).setTransactionCreated(TransactionCreated.newBuilder().setTransaction(t)).build());
            if (!t.getVoidsId().isEmpty()) {
                events.add(event(walletId).setTransactionVoided(TransactionVoided.newBuilder()
                        .setTransactionId(t.getVoidsId()).setCompensation(t)).build());
            }
            String currency = t.getAmount().getCurrency();
            events.add(event(walletId).setBalanceChanged(BalanceChanged.newBuilder()
                    .setWalletId(walletId)
                    .setOldBalance(Money.newBuilder().setMinor(t.getOldBalanceMinor()).setCurrency(currency))
                    .setNewBalance(Money.newBuilder().setMinor(t.getNewBalanceMinor()).setCurrency(currency))
                    .setRefno(t.getRefno())
                    .setAtMs(t.getCreatedAtMs())).build());
        }
        return events;
    }

    private static WalletEvent.Builder event(String walletId) {
        return WalletEvent.newBuilder().setWalletId(walletId);
    }
}
