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

    /** wallet-holds: {@code walletId/seq} (12 digits), so a wallet's holds are one range, in the order placed. */
    public static String hold(casino.contract.wallet.proto.Hold hold) {
        return holdKey(hold.getWalletId(), hold.getSeq());
    }

    /** wallet-holds: the key of hold {@code holdId} of the wallet (its seq is in the id), empty for an id no hold has. */
    public static java.util.Optional<String> hold(String walletId, String holdId) {
        if (holdId.isEmpty()) return java.util.Optional.empty();
        java.util.OptionalLong seq = EntryId.refno(holdId);
        return seq.isPresent() ? java.util.Optional.of(holdKey(walletId, seq.getAsLong())) : java.util.Optional.empty();
    }

    /** wallet-holds: the key of the wallet's hold number {@code seq} (0 and 999999999999 bound the wallet's range). */
    public static String holdKey(String walletId, long seq) {
        return walletId + "/" + String.format("%012d", seq);
    }

    /** wallet-transactions: the entry's place in time order (see HistoryKeys). */
    static String entry(Transaction t) {
        return HistoryKeys.entry(t.getWalletId(), t.getCreatedAtMs(), t.getRefno());
    }
}
