package casino.wallet.ledger;

import casino.wallet.proto.TimedAmount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
    public record Result(boolean above, List<TimedAmount> kept, long newestAtMs) {}

    /**
     * Adds a deposit of {@code minor} at event time {@code atMs} to the kept deposits and evaluates
     * every window that ends at a deposit and contains the new one.
     */
    public Result add(boolean alreadyAbove, List<TimedAmount> kept, long newestAtMs, long atMs, long minor) {
        long newest = Math.max(newestAtMs, atMs);
        if (alreadyAbove) return new Result(true, List.of(), newest);
        List<TimedAmount> deposits = new ArrayList<>(kept.size() + 1);
        deposits.addAll(kept);
        deposits.add(TimedAmount.newBuilder().setAtMs(atMs).setMinor(minor).build());
        deposits.sort(Comparator.comparingLong(TimedAmount::getAtMs));
        long w = window.toMillis();
        // windows (end - w, end] for every deposit time end in [atMs, atMs + w): exactly those containing the new deposit
        int lo = 0;
        long sum = 0;
        for (int hi = 0; hi < deposits.size(); hi++) {
            long end = deposits.get(hi).getAtMs();
            sum = Math.addExact(sum, deposits.get(hi).getMinor());
            while (deposits.get(lo).getAtMs() <= end - w) {
                sum -= deposits.get(lo).getMinor();
                lo++;
            }
            boolean lastAtThisTime = hi + 1 == deposits.size() || deposits.get(hi + 1).getAtMs() != end;
            if (lastAtThisTime && end >= atMs && end < atMs + w && sum > limitMinor) {
                return new Result(true, List.of(), newest);
            }
        }
        long horizon = newest - w - grace.toMillis();
        return new Result(false, deposits.stream().filter(d -> d.getAtMs() > horizon).toList(), newest);
    }
}
