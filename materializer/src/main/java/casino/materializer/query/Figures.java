package casino.materializer.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;

/** The six keys of {@code GET /materialized}; rates are decimals with two places, never binary floats. */
@JsonPropertyOrder({"events_total", "events_per_minute", "events_per_second_moving_average",
        "top_player_bets", "top_player_wins", "top_player_deposits"})
public record Figures(
        @JsonProperty("events_total") long eventsTotal,
        @JsonProperty("events_per_minute") BigDecimal eventsPerMinute,
        @JsonProperty("events_per_second_moving_average") BigDecimal eventsPerSecondMovingAverage,
        @JsonProperty("top_player_bets") TopPlayer topPlayerBets,
        @JsonProperty("top_player_wins") TopPlayer topPlayerWins,
        @JsonProperty("top_player_deposits") TopPlayer topPlayerDeposits) {

    /** A player and its count; {@code {"id": 0, "count": 0}} when nobody has any. */
    @JsonPropertyOrder({"id", "count"})
    public record TopPlayer(@JsonProperty("id") long id, @JsonProperty("count") long count) {
        public static final TopPlayer NONE = new TopPlayer(0, 0);
    }
}
