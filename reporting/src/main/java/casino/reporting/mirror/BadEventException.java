package casino.reporting.mirror;

/** A wallet.events record the mirror cannot use; it goes to the dead-letter topic with this reason. */
public final class BadEventException extends Exception {
    private final String field;

    public BadEventException(String reason, String field) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
