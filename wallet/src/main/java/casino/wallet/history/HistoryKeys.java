package casino.wallet.history;

/**
 * Keys of the wallet-transactions store, laid out for range scans: {@code walletId/created/refno}
 * with both numbers zero-padded, so the byte order is wallet, then time, then refno. Entry times
 * never decrease with refno (the ledger raises a late time to the previous entry's), so this order
 * is also refno order, and a time window is one contiguous range. Wallet ids cannot contain
 * {@code /}, so one wallet's range never includes another's.
 */
public final class HistoryKeys {
    static final long MAX_TIME = 999_999_999_999_999L;
    static final long MAX_REFNO = 999_999_999_999L;

    private HistoryKeys() {}

    public static String entry(String walletId, long createdMs, long refno) {
        StringBuilder key = new StringBuilder(walletId.length() + 30).append(walletId).append('/');
        padded(key, Math.min(Math.max(createdMs, 0), MAX_TIME), 15).append('/');
        return padded(key, refno, 12).toString();
    }

    /** {@code String.format("%0<width>d")} for a number that fits, without the formatter's cost (twice per entry). */
    private static StringBuilder padded(StringBuilder key, long n, int width) {
        String digits = Long.toString(n);
        for (int i = digits.length(); i < width; i++) key.append('0');
        return key.append(digits);
    }

    /** The first possible key at or after {@code fromMs}. */
    public static String lower(String walletId, long fromMs) {
        return entry(walletId, fromMs, 0);
    }

    /** The last possible key at or before {@code toMs}. */
    public static String upper(String walletId, long toMs) {
        return entry(walletId, toMs, MAX_REFNO);
    }
}
