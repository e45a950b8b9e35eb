package casino.common.event;

/** An event that breaks the contract; {@link #field()} names the key at fault. */
public class InvalidEventException extends RuntimeException {
    private final String field;

    public InvalidEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
