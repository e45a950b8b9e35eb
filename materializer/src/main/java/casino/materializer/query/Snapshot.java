package casino.materializer.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The global figures plus the last 60 one-second buckets (oldest first), as the live stream sends them. */
public record Snapshot(
        @JsonProperty("figures") Figures figures,
        @JsonProperty("per_second") List<Long> perSecond,
        @JsonProperty("at_ms") long atMs) {
}
