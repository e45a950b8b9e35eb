package casino.common.money;

/** A money value ({@link Decimals}) that is not one: the message says why, never quoting more than a few characters. */
public class DecimalException extends IllegalArgumentException {
    public DecimalException(String message) {
        super(message);
    }
}
