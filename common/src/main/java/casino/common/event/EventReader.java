package casino.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The one reader of casino events for every service, for the JSON upstream producers write, above
 * all what the original challenge's Go generator writes: every field on every type, zero values
 * omitted or written. A missing key, {@code null} and a zero value ({@code 0}, {@code ""},
 * {@code false}, Go's zero time) all mean absent, except {@code id}, {@code player_id} and a bet's or
 * deposit's {@code amount} and {@code amount_eur}, where 0 is a value, and a bet or deposit without
 * {@code amount} is one of 0 (Go omits it). A field the type does not use is dropped and reported to
 * {@link IgnoredFields}: {@code amount}, {@code currency}, {@code amount_eur} on game_start/game_stop,
 * {@code game_id} on a deposit, {@code has_won} on anything but a bet. A bet without {@code has_won}
 * did not win; a player with neither email nor time is the unknown player ({@code {}}). The suite's
 * own JSON reads back unchanged. Types are never coerced (numbers are JSON integers that fit a long,
 * {@code has_won} a boolean, dates ISO-8601 dates that exist), unknown keys and values over
 * {@link #MAX_EVENT_BYTES} are refused; then {@link CasinoEvent#validate()} applies the per-type
 * rules. Every problem is an {@link InvalidEventException} with its code and field, whose message
 * never quotes more than a few characters of the input.
 */
public final class EventReader {
    /** Go's zero {@code time.Time}, as {@code encoding/json} writes it. */
    public static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int MAX_QUOTED = 32;
    /** The largest event read: real events are a few hundred bytes. */
    public static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final DateTimeFormatter STRICT_TIME = new DateTimeFormatterBuilder()
            .parseCaseSensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendPattern("[XXX][X]").optionalEnd()
            .toFormatter(Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private EventReader() {}

    /**
     * The event in {@code json}, zero values read as absent, checked against the contract.
     *
     * @throws InvalidEventException on the first problem: malformed JSON wins over a bad field
     */
    public static CasinoEvent read(byte[] json) {
        return read(json, IgnoredFields.NONE);
    }

    /**
     * As {@link #read(byte[])}, reporting each field dropped because the event's type does not use it.
     *
     * @throws InvalidEventException on the first problem: malformed JSON wins over a bad field
     */
    public static CasinoEvent read(byte[] json, IgnoredFields ignored) {
        if (json == null || json.length == 0) throw malformed("empty record value");
        if (json.length > MAX_EVENT_BYTES) {
            throw new InvalidEventException(InvalidEventException.Code.TOO_LARGE, null,
                    "event of " + json.length + " bytes is over the bound of " + MAX_EVENT_BYTES);
        }
        Fields f = new Fields();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw malformed("not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                f.read(name, p);
            }
            if (p.nextToken() != null) throw malformed("more content after the JSON object");
        } catch (JsonProcessingException e) {
            throw malformed(describe(e));
        } catch (IOException e) {
            throw malformed("unreadable: " + e.getClass().getSimpleName());
        }
        if (f.problem != null) throw f.problem;
        return f.toEvent(ignored).validate();
    }

    /**
     * An ISO-8601 date-time as producers write it ({@code Z}, {@code +00}, {@code +02:00},
     * {@code +0200}, no offset = UTC; 0-9 fraction digits), which must exist (no February 30th).
     *
     * @throws DateTimeException otherwise
     */
    public static Instant parseTime(String text) {
        if (text.length() > 40) throw new DateTimeException("too long for a date-time");
        Instant fast = IsoTimes.fast(text);
        return fast != null ? fast : parseTimeByFormatter(text);
    }

    /** {@link #parseTime}'s reference path, which decides whatever {@link IsoTimes#fast} leaves. */
    static Instant parseTimeByFormatter(String text) {
        int dot = text.indexOf('.');
        if (dot >= 0 && (dot + 1 == text.length() || !Character.isDigit(text.charAt(dot + 1)))) {
            throw new DateTimeException("a decimal point without digits");
        }
        if (text.endsWith("Z")) return Instant.parse(text); // the canonical form, strict on the calendar
        TemporalAccessor t = STRICT_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    }

    /** The keys as read; the first problem is kept and reported once the JSON is known to be well formed. */
    private static final class Fields {
        private Long id;
        private Long playerId;
        private Long gameId;
        private EventType type;
        private Long amount;
        private String currency;
        private Boolean hasWon;
        private Instant createdAt;
        private Long amountEur;
        private String email;
        private Instant lastSignedInAt;
        private boolean playerSeen;
        private String description;
        private int seen;
        private InvalidEventException problem;

        void read(String name, JsonParser p) throws IOException {
            switch (name) {
                case "id" -> id = integer(p, once(0, name));
                case "player_id" -> playerId = integer(p, once(1, name));
                case "game_id" -> gameId = integer(p, once(2, name));
                case "type" -> type = type(p, once(3, name));
                case "amount" -> amount = integer(p, once(4, name));
                case "currency" -> currency = string(p, once(5, name));
                case "has_won" -> hasWon = bool(p, once(6, name));
                case "created_at" -> createdAt = time(p, once(7, name));
                case "amount_eur" -> amountEur = integer(p, once(8, name));
                case "player" -> player(p, once(9, name));
                case "description" -> description = string(p, once(10, name));
                default -> fail(p, InvalidEventException.Code.INVALID_FIELD, quoteName(name), "unknown field " + quote(name));
            }
        }

        private String once(int bit, String name) {
            if ((seen & (1 << bit)) != 0 && problem == null) {
                problem = new InvalidEventException(name, "duplicate key " + name);
            }
            seen |= 1 << bit;
            return name;
        }

        private void player(JsonParser p, String field) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NULL) return;
            if (p.currentToken() != JsonToken.START_OBJECT) {
                fail(p, InvalidEventException.Code.INVALID_FIELD, field, field + " must be a JSON object, got " + kind(p));
                return;
            }
            playerSeen = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "email" -> email = string(p, "player.email");
                    case "last_signed_in_at" -> lastSignedInAt = time(p, "player.last_signed_in_at");
                    default -> fail(p, InvalidEventException.Code.INVALID_FIELD, "player." + quoteName(name),
                            "unknown field " + quote(name) + " in player");
                }
            }
        }

        private Long integer(JsonParser p, String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) return p.getLongValue();
                return fail(p, InvalidEventException.Code.INVALID_FIELD, field, field + " is out of the range of a 64-bit integer");
            }
            return fail(p, InvalidEventException.Code.INVALID_FIELD, field, field + " must be a JSON integer, got " + kind(p));
        }

        private String string(JsonParser p, String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_STRING) return p.getText();
            return fail(p, InvalidEventException.Code.INVALID_FIELD, field, field + " must be a JSON string, got " + kind(p));
        }

        private Boolean bool(JsonParser p, String field) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NULL) return null;
            if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) return t == JsonToken.VALUE_TRUE;
            return fail(p, InvalidEventException.Code.INVALID_FIELD, field, field + " must be true or false, got " + kind(p));
        }

        private EventType type(JsonParser p, String field) throws IOException {
            String name = string(p, field);
            if (name == null || name.isEmpty()) return null;
            for (EventType t : EventType.values()) {
                if (t.wireName().equals(name)) return t;
            }
            return fail(p, InvalidEventException.Code.UNKNOWN_TYPE, field, "unknown event type " + quote(name));
        }

        private Instant time(JsonParser p, String field) throws IOException {
            String text = string(p, field);
            if (text == null || text.isEmpty()) return null;
            try {
                Instant t = parseTime(text);
                return t.equals(GO_ZERO_TIME) ? null : t;
            } catch (DateTimeException e) {
                return fail(p, InvalidEventException.Code.INVALID_FIELD, field,
                        field + " must be an ISO-8601 date-time that exists, got " + quote(text));
            }
        }

        /** Records the first problem and skips the value; reading goes on so that malformed JSON still wins. */
        private <T> T fail(JsonParser p, InvalidEventException.Code code, String field, String message) throws IOException {
            if (problem == null) problem = new InvalidEventException(code, field, message);
            p.skipChildren();
            return null;
        }

        /** The event with zero values as absent and the fields its type does not use dropped (and reported). */
        CasinoEvent toEvent(IgnoredFields ignored) {
            Long game = gameId != null && gameId == 0 ? null : gameId;
            Long amt = amount;
            String cur = currency == null || currency.isEmpty() ? null : currency;
            Long eur = amountEur;
            Boolean won = Boolean.TRUE.equals(hasWon) ? Boolean.TRUE : null;
            if (type != null) {
                if (!type.hasGame() && game != null) game = drop(ignored, "game_id");
                if (type.hasAmount()) {
                    if (amt == null) amt = 0L; // Go omits an amount of 0
                } else {
                    amt = amt == null || amt == 0 ? null : drop(ignored, "amount");
                    cur = cur == null ? null : drop(ignored, "currency");
                    eur = eur == null || eur == 0 ? null : drop(ignored, "amount_eur");
                }
                if (type == EventType.BET) won = Boolean.TRUE.equals(hasWon);
                else if (won != null) won = drop(ignored, "has_won");
            }
            String mail = email == null || email.isEmpty() ? null : email;
            // Go's zero Player is how the challenge writes "no data for the player": our {}
            Player player = !playerSeen ? null : mail == null && lastSignedInAt == null ? Player.UNKNOWN : new Player(mail, lastSignedInAt);
            String text = description == null || description.isEmpty() ? null : description;
            return new CasinoEvent(id, playerId, game, type, amt, cur, won, createdAt, eur, player, text);
        }

        private <T> T drop(IgnoredFields ignored, String field) {
            ignored.ignored(type, field);
            return null;
        }
    }

    private static String kind(JsonParser p) {
        return switch (p.currentToken()) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> String.valueOf(p.currentToken());
        };
    }

    private static InvalidEventException malformed(String message) {
        return new InvalidEventException(InvalidEventException.Code.MALFORMED_JSON, null, message);
    }

    /** Where the JSON breaks and why, with the tokens Jackson quotes left out (they are the input). */
    private static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String why = String.valueOf(e.getOriginalMessage()).replaceAll("'[^']*'", "'...'").replaceAll("\\s+", " ");
        if (why.length() > 120) why = why.substring(0, 120) + "...";
        return at == null ? "not valid JSON: " + why
                : "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + why;
    }

    /** A piece of input for a message: at most {@value #MAX_QUOTED} characters, quoted. */
    static String quote(String text) {
        return "'" + (text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED) + "...") + "'";
    }

    private static String quoteName(String name) {
        return name.length() <= MAX_QUOTED ? name : name.substring(0, MAX_QUOTED) + "...";
    }
}
