package casino.wallet.ledger;

import java.time.Duration;

/**
 * The threshold flag: a wallet is above the threshold once the deposits whose event time lies in
 * some rolling window {@code (t - window, t]} sum to more than the limit (strictly), where t is the
 * event time of any deposit; once true it stays true. The answer depends only on the set of
 * deposits, not on their arrival order, so a replay gives the same flag. Known gap: a deposit whose
 * event time is more than {@code grace} behind the newest one is checked only against the deposits
 * still kept (older ones are pruned).
 */
public record ThresholdRule(Duration window, long limitMinor, Duration grace) {

    public ThresholdRule {
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
        if (limitMinor < 0) throw new IllegalArgumentException("limit must not be negative");
        if (grace.isNegative()) throw new IllegalArgumentException("grace must not be negative");
    }

    /** The flag and the deposits to keep after one more deposit. */
    public record Result(boolean above, RecentDeposits kept, long newestAtMs) {}

    /**
     * Adds a deposit of {@code minor} at event time {@code atMs} to the kept deposits and evaluates
     * every window that ends at a deposit and contains the new one. Costs O(log n + k) for k deposits
     * within a window of the new one, plus a copy of the n kept.
     */
    public Result add(boolean alreadyAbove, RecentDeposits kept, long newestAtMs, long atMs, long minor) {
        long newest = Math.max(newestAtMs, atMs);
        if (alreadyAbove) return new Result(true, RecentDeposits.EMPTY, newest);
        RecentDeposits all = kept.plus(atMs, minor);
        long w = window.toMillis();
        // windows (end - w, end] for every deposit time end in [atMs, atMs + w): exactly those containing the new deposit
        int first = all.firstAfter(minus(atMs, 1));
        int last = all.firstAfter(minus(plus(atMs, w), 1));
        int lo = all.firstAfter(minus(all.atMs(first), w));
        long sum = 0;
        for (int i = lo; i < first; i++) sum = Math.addExact(sum, all.minor(i));
        for (int hi = first; hi < last; hi++) {
            long end = all.atMs(hi);
            sum = Math.addExact(sum, all.minor(hi));
            while (all.atMs(lo) <= minus(end, w)) {
                sum -= all.minor(lo);
                lo++;
            }
            boolean lastAtThisTime = hi + 1 == all.size() || all.atMs(hi + 1) != end;
            if (lastAtThisTime && sum > limitMinor) return new Result(true, RecentDeposits.EMPTY, newest);
        }
        return new Result(false, all.after(minus(minus(newest, w), grace.toMillis())), newest);
    }

    private static long plus(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long minus(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }
}
