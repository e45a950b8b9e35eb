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

    public PlayerTotals plus(PlayerTotals o) {
        return new PlayerTotals(id, bets + o.bets, wins + o.wins, depositsEur + o.depositsEur);
    }
}
