package casino.wallet.ledger;

import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletState;
import java.util.Optional;

/**
 * The one spending rule: what a wallet may spend is {@code available = posted - held}, where posted is
 * the balance of its entries and held is what its open holds reserve. Every debit (a transaction, a classic
 * remove-funds, a casino bet, a transfer, a void of a credit, a hold placed, a hold captured) asks {@link #refusal};
 * no other class compares a debit with a balance.
 */
final class Funds {
    private Funds() {}

    /** What the wallet may spend now. */
    static long available(WalletState wallet) {
        return wallet.getBalance().getMinor() - held(wallet);
    }

    /** What the wallet's open holds reserve (the sum of what remains of each). */
    static long held(WalletState wallet) {
        return wallet.getHeldMinor();
    }

    /** The refusal of a debit of {@code debit} minor units (>= 0) from {@code wallet}, or empty when it may be spent. */
    static Optional<Decision> refusal(Rulings rulings, LedgerState state, casino.contract.wallet.proto.WalletEvent.Builder event,
                                      WalletState wallet, long debit) {
        if (debit <= available(wallet)) return Optional.empty();
        return Optional.of(rulings.reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds"));
    }
}
