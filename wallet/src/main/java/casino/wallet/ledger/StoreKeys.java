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

    /** wallet-timers: due time (19 digits, so keys sort by it), wallet id, timer id. */
    public static String timer(casino.contract.wallet.proto.Timer timer) {
        return String.format("%019d", Math.max(timer.getDueAtMs(), 0)) + "/" + timer.getWalletId() + "/" + timer.getId();
    }

    /** wallet-timers: the last possible key of a timer due at or before {@code nowMs}. */
    public static String timersDueBy(long nowMs) {
        return String.format("%019d", Math.max(nowMs, 0)) + "/\uffff";
    }

    /** wallet-transactions: the entry's place in time order (see HistoryKeys). */
    static String entry(Transaction t) {
        return HistoryKeys.entry(t.getWalletId(), t.getCreatedAtMs(), t.getRefno());
    }
}
