package casino.materializer.aggregate;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.Year;

/**
 * Reads an enriched event from the token stream instead of binding it: each key of the event contract
 * is checked for the token the reference binds without coercion (integers that fit a long, booleans,
 * a known type name, timestamps that parse), {@code player} and {@code description} are checked and
 * skipped, and the rules of {@link Counted#of} decide. Anything the fast path is not sure of (malformed
 * JSON, an unknown, repeated or null key, another token type, a timestamp that does not parse) is
 * handed to {@link EventParser#DATABIND}, so the verdict and the reason are always the reference's.
 */
public final class StreamingEventParser implements EventParser {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    /** Stands for a {@code created_at} that was present and parses: the aggregates do not read it. */
    private static final Instant PARSES = Instant.EPOCH;
    private static final int ID = 1, PLAYER_ID = 2, GAME_ID = 4, TYPE = 8, AMOUNT = 16, CURRENCY = 32, HAS_WON = 64,
            CREATED_AT = 128, AMOUNT_EUR = 256, PLAYER = 512, DESCRIPTION = 1024;

    @Override
    public Counted parse(byte[] value) {
        CasinoEvent event = value == null ? null : fastOrNull(value);
        return event == null ? DATABIND.parse(value) : Counted.of(event);
    }

    /** The event as the fast path reads it (created_at stands for "present and parses"), or null if unsure. */
    static CasinoEvent fastOrNull(byte[] value) {
        try (JsonParser p = FACTORY.createParser(value)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null; // malformed, or a number Jackson would not read as a long: the reference says why
        }
    }

    private static CasinoEvent read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        Long id = null, playerId = null, gameId = null, amount = null, amountEur = null;
        EventType type = null;
        String currency = null;
        Boolean hasWon = null;
        Instant createdAt = null;
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            int key = key(name);
            if (key == 0 || (seen & key) != 0) return null;
            seen |= key;
            JsonToken t = p.nextToken();
            // a key with nothing read (null, another token type, an unknown type name): the reference decides
            boolean read = switch (key) {
                case ID -> (id = longValue(p, t)) != null;
                case PLAYER_ID -> (playerId = longValue(p, t)) != null;
                case GAME_ID -> (gameId = longValue(p, t)) != null;
                case AMOUNT -> (amount = longValue(p, t)) != null;
                case AMOUNT_EUR -> (amountEur = longValue(p, t)) != null;
                case TYPE -> t == JsonToken.VALUE_STRING && (type = type(p.getText())) != null;
                case CURRENCY -> t == JsonToken.VALUE_STRING && (currency = p.getText()) != null;
                case HAS_WON -> t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
                case CREATED_AT -> t == JsonToken.VALUE_STRING && instant(p);
                case PLAYER -> t == JsonToken.START_OBJECT && player(p);
                case DESCRIPTION -> t == JsonToken.VALUE_STRING;
                default -> throw new IllegalStateException("key " + key);
            };
            if (!read) return null;
            if (key == HAS_WON) hasWon = t == JsonToken.VALUE_TRUE;
            if (key == CREATED_AT) createdAt = PARSES;
        }
        if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null; // trailing tokens
        return new CasinoEvent(id, playerId, gameId, type, amount, currency, hasWon, createdAt, amountEur, null, null);
    }

    private static int key(String name) {
        return switch (name) {
            case "id" -> ID;
            case "player_id" -> PLAYER_ID;
            case "game_id" -> GAME_ID;
            case "type" -> TYPE;
            case "amount" -> AMOUNT;
            case "currency" -> CURRENCY;
            case "has_won" -> HAS_WON;
            case "created_at" -> CREATED_AT;
            case "amount_eur" -> AMOUNT_EUR;
            case "player" -> PLAYER;
            case "description" -> DESCRIPTION;
            default -> 0;
        };
    }

    /** The enriched player: {@code email} and {@code last_signed_in_at}, each a string at most once. */
    private static boolean player(JsonParser p) throws IOException {
        int seen = 0;
        String name;
        while ((name = p.nextFieldName()) != null) {
            int key = switch (name) {
                case "email" -> 1;
                case "last_signed_in_at" -> 2;
                default -> 0;
            };
            if (key == 0 || (seen & key) != 0 || p.nextToken() != JsonToken.VALUE_STRING) return false;
            if (key == 2 && !instant(p)) return false;
            seen |= key;
        }
        return p.currentToken() == JsonToken.END_OBJECT;
    }

    private static Long longValue(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) return null;
        JsonParser.NumberType n = p.getNumberType();
        return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG ? p.getLongValue() : null;
    }

    private static EventType type(String wireName) {
        for (EventType t : EventType.values()) {
            if (t.wireName().equals(wireName)) return t;
        }
        return null;
    }

    /** Whether common's instant reader accepts the current string: the canonical form is checked in place. */
    private static boolean instant(JsonParser p) throws IOException {
        if (canonical(p.getTextCharacters(), p.getTextOffset(), p.getTextLength())) return true;
        try {
            Json.parseInstant(p.getText());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} with a real date and time (seconds 0-59), which Instant.parse accepts. */
    static boolean canonical(char[] c, int o, int n) {
        if (n != 24 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':'
                || c[o + 19] != '.' || c[o + 23] != 'Z') {
            return false;
        }
        int year = digits(c, o, 4), month = digits(c, o + 5, 2), day = digits(c, o + 8, 2);
        int hour = digits(c, o + 11, 2), minute = digits(c, o + 14, 2), second = digits(c, o + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || digits(c, o + 20, 3) < 0) {
            return false;
        }
        int days = switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= days;
    }

    /** The decimal value of {@code n} ASCII digits, or -1. */
    private static int digits(char[] c, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char d = c[i];
            if (d < '0' || d > '9') return -1;
            v = v * 10 + (d - '0');
        }
        return v;
    }
}
