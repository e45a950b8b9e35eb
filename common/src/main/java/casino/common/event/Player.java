package casino.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** Player data from the {@code players} table; {@link #UNKNOWN} serialises as {@code {}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"email", "last_signed_in_at"})
public record Player(
        @JsonProperty("email") String email,
        @JsonProperty("last_signed_in_at") Instant lastSignedInAt) {

    public static final Player UNKNOWN = new Player(null, null);

    public boolean known() {
        return email != null;
    }
}
