package casino.common.event;

/**
 * An event that breaks the contract: {@link #code()} says how (stable, for dead-letter reasons and
 * metrics), {@link #field()} names the key at fault (null when the record as a whole is bad), the
 * message explains it to a person and never repeats the record's value.
 */
public class InvalidEventException extends RuntimeException {
    /** How an event breaks the contract; {@link #wireName()} is the code written in dead-letter reasons. */
    public enum Code {
        /** Not a JSON object at all (or not JSON). */
        MALFORMED_JSON("malformed-json"),
        /** {@code type} is not one of the four event types. */
        UNKNOWN_TYPE("unknown-type"),
        /** A key the event's type requires is absent (or holds its zero value). */
        MISSING_FIELD("missing-field"),
        /** A key of the wrong JSON type, an unknown key, or a per-type rule broken. */
        INVALID_FIELD("invalid-field"),
        /** {@code amount} below zero. */
        NEGATIVE_AMOUNT("negative-amount"),
        /** A record larger than any event ({@link EventReader#MAX_EVENT_BYTES}). */
        TOO_LARGE("too-large");

        private final String wireName;

        Code(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    private final Code code;
    private final String field;

    public InvalidEventException(Code code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    /** An {@link Code#INVALID_FIELD} problem of {@code field}. */
    public InvalidEventException(String field, String message) {
        this(Code.INVALID_FIELD, field, message);
    }

    public Code code() {
        return code;
    }

    public String field() {
        return field;
    }
}
