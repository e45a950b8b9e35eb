package casino.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The four casino event types, with their wire names. */
public enum EventType {
    GAME_START("game_start"),
    BET("bet"),
    DEPOSIT("deposit"),
    GAME_STOP("game_stop");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether events of this type carry {@code amount} and {@code currency}. */
    public boolean hasAmount() {
        return this == BET || this == DEPOSIT;
    }

    /** Whether events of this type carry {@code game_id}. */
    public boolean hasGame() {
        return this != DEPOSIT;
    }

    @JsonCreator
    public static EventType fromWireName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.wireName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + name + "'"));
    }
}
