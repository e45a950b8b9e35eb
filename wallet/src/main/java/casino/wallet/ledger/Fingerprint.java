package casino.wallet.ledger;

/**
 * A command's idempotency key, unique per wallet: 1-128 characters on wallet.commands (the HTTP
 * routes take 1-64). Keys starting with {@link #VOID_PREFIX} are reserved for voids
 * ({@code void:<txid>}), so each entry is voided at most once.
 */
public record Fingerprint(String value) {
    public static final int MAX_LENGTH = 128;
    public static final String VOID_PREFIX = "void:";
    /** Reserved for a transfer's own steps: {@code transfer:<id>} (credit, target) and {@code transfer:<id>:settle} (source). */
    public static final String TRANSFER_PREFIX = "transfer:";
    /** A fired timer's command: {@code timer:<the scheduling command's fingerprint>} (not reserved at the HTTP edge). */
    public static final String TIMER_PREFIX = "timer:";

    public Fingerprint {
        if (!isValid(value)) throw new IllegalArgumentException("a fingerprint is 1-" + MAX_LENGTH + " characters");
    }

    public static boolean isValid(String text) {
        return text != null && !text.isEmpty() && text.length() <= MAX_LENGTH;
    }

    /** The fingerprint of the void of entry {@code transactionId}. */
    public static Fingerprint ofVoid(String transactionId) {
        return new Fingerprint(VOID_PREFIX + transactionId);
    }

    public static boolean isReservedForVoids(String text) {
        return text.startsWith(VOID_PREFIX);
    }

    /** Not for clients: the void and transfer namespaces. */
    public static boolean isReserved(String text) {
        return text.startsWith(VOID_PREFIX) || text.startsWith(TRANSFER_PREFIX);
    }

    @Override
    public String toString() {
        return value;
    }
}
