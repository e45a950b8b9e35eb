package casino.materializer.query;

import casino.materializer.aggregate.PlayerTotals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Combines the partial answers of every instance into the global figures, with the definitions of
 * the contract: rates rounded half-up to two decimals, ties to the lower player id, zeros with no data.
 * Counters of the same player from several partials are summed, so the result does not depend on
 * how players are spread over partitions.
 */
public final class Aggregates {
    public static final int WINDOW_SECONDS = 60;
    private static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Aggregates() {}

    public static Snapshot combine(Collection<Partial> partials, long nowMs) {
        long events = 0;
        Long first = null;
        long nowSecond = Math.floorDiv(nowMs, 1000);
        long[] series = new long[WINDOW_SECONDS];
        Map<Long, PlayerTotals> players = new TreeMap<>();
        for (Partial p : partials) {
            events += p.events();
            if (p.firstArrivalMs() != null && (first == null || p.firstArrivalMs() < first)) first = p.firstArrivalMs();
            p.perSecond().forEach((second, count) -> {
                long index = second - (nowSecond - WINDOW_SECONDS + 1);
                if (index >= 0 && index < WINDOW_SECONDS) series[(int) index] += count;
            });
            for (PlayerTotals t : p.players()) players.merge(t.id(), t, PlayerTotals::plusCapped); // never wraps
        }
        long inWindow = 0;
        List<Long> perSecond = new ArrayList<>(WINDOW_SECONDS);
        for (long n : series) {
            inWindow += n;
            perSecond.add(n);
        }
        Figures figures = new Figures(events, perMinute(events, first, nowMs),
                BigDecimal.valueOf(inWindow).divide(BigDecimal.valueOf(WINDOW_SECONDS), 2, RoundingMode.HALF_UP),
                top(players.values(), PlayerTotals::bets),
                top(players.values(), PlayerTotals::wins),
                top(players.values(), PlayerTotals::depositsEur));
        return new Snapshot(figures, perSecond, nowMs);
    }

    /** Events per minute since the first counted event; the elapsed time counts as at least one second. */
    static BigDecimal perMinute(long events, Long firstArrivalMs, long nowMs) {
        if (events == 0 || firstArrivalMs == null) return ZERO;
        long elapsedMs = Math.max(1000, nowMs - firstArrivalMs);
        return BigDecimal.valueOf(events).multiply(BigDecimal.valueOf(60_000))
                .divide(BigDecimal.valueOf(elapsedMs), 2, RoundingMode.HALF_UP);
    }

    /** The highest count, the lower id on a tie; NONE when every count is zero. */
    static Figures.TopPlayer top(Collection<PlayerTotals> players, ToLongFunction<PlayerTotals> count) {
        Figures.TopPlayer best = Figures.TopPlayer.NONE;
        for (PlayerTotals p : players) {
            long c = count.applyAsLong(p);
            if (c > best.count() || (c == best.count() && c > 0 && p.id() < best.id())) {
                best = new Figures.TopPlayer(p.id(), c);
            }
        }
        return best;
    }
}
