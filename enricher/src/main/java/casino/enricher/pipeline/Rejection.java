package casino.enricher.pipeline;

import casino.common.event.InvalidEventException;
import casino.common.kafka.DeadLetter;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Why a record goes to the dead-letter topic: a stable code, the field at fault, a readable detail
 * that quotes at most a few characters of the input (the record itself is the dead letter's value).
 */
public record Rejection(String code, String field, String detail) {
    /** The {@code dlq.service} of the enricher's dead letters. */
    public static final String SERVICE = "enricher";
    public static final String MALFORMED_JSON = InvalidEventException.Code.MALFORMED_JSON.wireName();
    public static final String UNKNOWN_TYPE = InvalidEventException.Code.UNKNOWN_TYPE.wireName();
    public static final String MISSING_FIELD = InvalidEventException.Code.MISSING_FIELD.wireName();
    public static final String INVALID_FIELD = InvalidEventException.Code.INVALID_FIELD.wireName();
    public static final String NEGATIVE_AMOUNT = InvalidEventException.Code.NEGATIVE_AMOUNT.wireName();
    public static final String UNKNOWN_CURRENCY = "unknown-currency";
    public static final String NO_RATE = "no-exchange-rate";
    public static final String AMOUNT_OUT_OF_RANGE = "amount-out-of-range";
    private static final int MAX_QUOTED = 32;

    /** The {@code dlq.reason} header: {@code unknown-currency: currency 'XYZ' is not one of ...}. */
    public String reason() {
        return code + ": " + detail;
    }

    /** The dead letter of {@code original} (its key, bytes and timestamp) in common's scheme. */
    public Record<Object, Object> deadLetter(Record<Object, Object> original, Optional<RecordMetadata> source) {
        // a punctuation's record context has no topic: then the source is unknown, not "null"
        return DeadLetter.of(SERVICE, original, source.filter(m -> m.topic() != null), reason(), field);
    }

    /** A piece of input for a detail: at most 32 characters, quoted. */
    static String quote(String text) {
        return "'" + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...") + "'";
    }
}
