package casino.wallet.ledger;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A wallet's id, the key of wallet.commands, wallet.events and the ledger's stores: 1-64 characters
 * of {@code [A-Za-z0-9._-]} (never {@code /}, which separates the parts of the stores' keys).
 */
public record WalletId(String value) {
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** How {@link #PATTERN} reads in an error message. */
    public static final String RULE = "1-64 characters of [A-Za-z0-9._-]";

    public WalletId {
        if (!isValid(value)) throw new IllegalArgumentException("a wallet id is " + RULE);
    }

    public static boolean isValid(String text) {
        return text != null && PATTERN.matcher(text).matches();
    }

    public static Optional<WalletId> parse(String text) {
        return isValid(text) ? Optional.of(new WalletId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
