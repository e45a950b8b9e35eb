package casino.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * The one JSON configuration of the suite. Instants are written as ISO-8601 UTC with
 * milliseconds ({@code 2022-01-10T12:34:56.789Z}) and read from any ISO-8601 offset form,
 * including the short {@code +00} of the original challenge. Floats never carry money: amounts
 * are longs (minor units) or BigDecimal, and BigDecimal is read exactly.
 */
public final class Json {
    public static final DateTimeFormatter WRITE_INSTANT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter READ_INSTANT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendPattern("[XXX][X]").optionalEnd()
            .toFormatter();

    public static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    public static ObjectMapper newMapper() {
        SimpleModule time = new SimpleModule("casino-time");
        time.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(formatInstant(value));
            }
        });
        time.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return parseInstant(p.getValueAsString());
                } catch (DateTimeParseException e) {
                    return (Instant) ctx.handleWeirdStringValue(Instant.class, p.getValueAsString(),
                            "not an ISO-8601 timestamp");
                }
            }
        });
        return new ObjectMapper()
                .registerModule(time)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public static String formatInstant(Instant instant) {
        return WRITE_INSTANT.format(instant);
    }

    /** Parses ISO-8601 with an offset ({@code Z}, {@code +00}, {@code +01:00}); no offset means UTC. */
    public static Instant parseInstant(String text) {
        if (text.endsWith("Z")) {
            try {
                return Instant.parse(text); // the canonical form, on every event: the fast path
            } catch (DateTimeParseException e) {
                // fall through to the lenient parser
            }
        }
        var parsed = READ_INSTANT.parseBest(text, OffsetDateTime::from, java.time.LocalDateTime::from);
        if (parsed instanceof OffsetDateTime odt) return odt.toInstant();
        return ((java.time.LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
