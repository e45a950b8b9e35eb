package casino.materializer.query;

import casino.materializer.aggregate.PlayerTotals;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * What one instance knows, for the input partitions it owns: the answer of the internal endpoint,
 * combined by {@link Aggregates}. {@code perSecond} maps an arrival second (epoch seconds) to its count.
 */
public record Partial(
        @JsonProperty("partitions") List<Integer> partitions,
        @JsonProperty("events") long events,
        @JsonProperty("first_arrival_ms") Long firstArrivalMs,
        @JsonProperty("per_second") Map<Long, Long> perSecond,
        @JsonProperty("players") List<PlayerTotals> players) {
}
