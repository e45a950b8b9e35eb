package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.event.InvalidEventException;
import casino.common.json.Json;
import casino.common.money.Currency;
import casino.enricher.currency.Currencies;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Bytes of {@code casino.events} to a valid {@link CasinoEvent}, or the {@link Rejection} that
 * sends them to the dead-letter topic: malformed JSON, unknown type, a missing or mistyped field,
 * a negative amount, an unknown currency. Pure: no Kafka, no I/O.
 */
public final class EventParser {
    private static final String CURRENCIES = String.join(", ", Arrays.stream(Currency.values()).map(Enum::name).toList());

    private EventParser() {}

    public sealed interface Result permits Valid, Invalid {}

    public record Valid(CasinoEvent event) implements Result {}

    public record Invalid(Rejection rejection) implements Result {}

    public static Result parse(byte[] value) {
        if (value == null || value.length == 0) return invalid(Rejection.MALFORMED_JSON, null, "empty record value");
        CasinoEvent event;
        try {
            event = Json.MAPPER.readValue(value, CasinoEvent.class);
        } catch (UnrecognizedPropertyException e) {
            return invalid(Rejection.INVALID_FIELD, e.getPropertyName(), "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            if ("type".equals(field)) return invalid(Rejection.UNKNOWN_TYPE, field, rootMessage(e));
            if (field == null) return invalid(Rejection.MALFORMED_JSON, null, "not a JSON object: " + e.getOriginalMessage());
            return invalid(Rejection.INVALID_FIELD, field, "wrong type for " + field + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return invalid(Rejection.MALFORMED_JSON, null, e.getOriginalMessage());
        } catch (IOException e) {
            return invalid(Rejection.MALFORMED_JSON, null, e.getMessage());
        }
        if (event == null) return invalid(Rejection.MALFORMED_JSON, null, "JSON null");
        try {
            event.validate();
        } catch (InvalidEventException e) {
            String code = e.getMessage().startsWith("negative amount") ? Rejection.NEGATIVE_AMOUNT
                    : e.getMessage().startsWith("missing") ? Rejection.MISSING_FIELD : Rejection.INVALID_FIELD;
            return invalid(code, e.field(), e.getMessage());
        }
        if (event.currency() != null && Currencies.of(event.currency()) == null) {
            return invalid(Rejection.UNKNOWN_CURRENCY, "currency",
                    "currency '" + event.currency() + "' is not one of " + CURRENCIES);
        }
        return new Valid(event);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    private static Invalid invalid(String code, String field, String detail) {
        return new Invalid(new Rejection(code, field, detail));
    }
}
