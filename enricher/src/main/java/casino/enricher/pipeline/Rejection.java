package casino.enricher.pipeline;

/** Why a record goes to the dead-letter topic: a stable code, the field at fault, a readable detail. */
public record Rejection(String code, String field, String detail) {
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String UNKNOWN_TYPE = "unknown-type";
    public static final String MISSING_FIELD = "missing-field";
    public static final String INVALID_FIELD = "invalid-field";
    public static final String NEGATIVE_AMOUNT = "negative-amount";
    public static final String UNKNOWN_CURRENCY = "unknown-currency";
    public static final String NO_RATE = "no-exchange-rate";

    /** The {@code dlq.reason} header: {@code unknown-currency: currency 'XYZ' is not one of ...}. */
    public String reason() {
        return code + ": " + detail;
    }
}
