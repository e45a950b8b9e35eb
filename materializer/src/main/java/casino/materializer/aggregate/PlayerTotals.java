package casino.materializer.aggregate;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One player's counters: bets, winning bets and the sum of deposits in EUR cents. */
public record PlayerTotals(
        @JsonProperty("id") long id,
        @JsonProperty("bets") long bets,
        @JsonProperty("wins") long wins,
        @JsonProperty("deposits_eur") long depositsEur) {

    public static PlayerTotals empty(long id) {
        return new PlayerTotals(id, 0, 0, 0);
    }

    /**
     * The counters of both, added exactly.
     *
     * @throws ArithmeticException when a sum does not fit a long (a deposit of {@code Long.MAX_VALUE}
     *         cents once wrapped the totals round to negative)
     */
    public PlayerTotals plus(PlayerTotals o) {
        return new PlayerTotals(id, Math.addExact(bets, o.bets), Math.addExact(wins, o.wins), Math.addExact(depositsEur, o.depositsEur));
    }

    /**
     * The counters of both, each held at {@code Long.MAX_VALUE} rather than wrapped: for combining the
     * partial answers of several instances at query time, where there is no record to dead-letter.
     */
    public PlayerTotals plusCapped(PlayerTotals o) {
        return new PlayerTotals(id, capped(bets, o.bets), capped(wins, o.wins), capped(depositsEur, o.depositsEur));
    }

    private static long capped(long a, long b) {
        long sum = a + b;
        // overflow only when both have the same sign and the sum's differs
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
