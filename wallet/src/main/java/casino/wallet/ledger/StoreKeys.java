package casino.wallet.ledger;

import casino.contract.wallet.proto.Transaction;
import casino.wallet.history.HistoryKeys;

/** The keys of the ledger's stores (wallet-balances is keyed by the bare wallet id). */
public final class StoreKeys {
    private StoreKeys() {}

    /** wallet-fingerprints: {@code walletId/fingerprint}, unique per wallet. */
    public static String fingerprint(String walletId, String fingerprint) {
        return walletId + "/" + fingerprint;
    }

    /** wallet-transactions: the entry's place in time order (see HistoryKeys). */
    static String entry(Transaction t) {
        return HistoryKeys.entry(t.getWalletId(), t.getCreatedAtMs(), t.getRefno());
    }
}
