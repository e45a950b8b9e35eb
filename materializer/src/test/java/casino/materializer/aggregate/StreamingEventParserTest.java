package casino.materializer.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.InvalidEventException;
import casino.common.event.Player;
import casino.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming parser gives the reference's verdict (databind + rules) on valid, odd and broken events alike. */
class StreamingEventParserTest {
    private static final Instant AT = Instant.parse("2026-11-30T19:23:22.123Z");
    private static final String BET = "{\"id\":7,\"player_id\":10,\"game_id\":100,\"type\":\"bet\",\"amount\":300,\"currency\":\"EUR\","
            + "\"has_won\":true,\"created_at\":\"2026-11-30T19:23:22.123Z\",\"amount_eur\":300}";
    private final StreamingEventParser parser = new StreamingEventParser();

    @Test
    void readsWhatTheEnricherWritesOnTheFastPath() {
        // Given every type of event as the enricher writes it, with a known and an unknown player and a description
        List<CasinoEvent> events = List.of(
                CasinoEvent.raw(1, 10, 100L, EventType.BET, 300L, "EUR", true, AT).withAmountEur(300L),
                CasinoEvent.raw(2, 11, 100L, EventType.BET, 5L, "BTC", false, AT).withAmountEur(1_234_567L),
                CasinoEvent.raw(3, 12, null, EventType.DEPOSIT, 20_000L, "USD", null, AT).withAmountEur(18_000L),
                CasinoEvent.raw(4, 13, 100L, EventType.GAME_START, null, null, null, AT),
                CasinoEvent.raw(Long.MAX_VALUE, 14, 100L, EventType.GAME_STOP, null, null, null, AT));
        for (CasinoEvent e : events) {
            for (Player player : new Player[] {new Player("a@example.com", AT), Player.UNKNOWN}) {
                byte[] json = Json.write(e.withPlayer(player).withDescription("Player 10 bet 3.00 EUR")).getBytes(StandardCharsets.UTF_8);
                // When both parsers read it, Then the fast path alone reads it, to the reference's figures
                assertNotNull(StreamingEventParser.fastOrNull(json), "fast path for " + new String(json, StandardCharsets.UTF_8));
                assertEquals(EventParser.DATABIND.parse(json), parser.parse(json));
            }
        }
        assertEquals(new Counted(EventType.DEPOSIT, 12, false, 18_000),
                parser.parse(Json.write(events.get(2)).getBytes(StandardCharsets.UTF_8)));
        assertEquals(new Counted(EventType.BET, 10, true, 0), parser.parse(BET.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void givesTheReferenceVerdictOnOddAndBrokenInput() {
        List<String> inputs = List.of(
                // accepted by the reference in another form: the fast path must not differ
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-11-30T19:23:22+00:00\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-11-30T19:23:22.123456789+00\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-11-30T19:23:22\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2024-02-29T00:00:00.000Z\""),
                BET.replace("\"amount\":300", "\"amount\":\"300\""),
                BET.replace("\"player_id\":10", "\"player_id\":10.0"),
                BET.replace("\"has_won\":true", "\"has_won\":\"true\""),
                BET.replace("}", ",\"player\":{}}"),
                BET.replace("}", ",\"player\":null,\"description\":null}"),
                " " + BET + "\n",
                // rejected by the reference, each for its own reason
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-02-30T19:23:22.123Z\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2025-02-29T00:00:00.000Z\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-11-30T24:00:00.000Z\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"2026-11-30T19:23:22.123z\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "\"yesterday\""),
                BET.replace("\"2026-11-30T19:23:22.123Z\"", "1700000000"),
                BET.replace("\"type\":\"bet\"", "\"type\":\"BET\""),
                BET.replace("\"type\":\"bet\"", "\"type\":1"),
                BET.replace("\"has_won\":true,", ""),
                BET.replace("\"id\":7", "\"id\":-7"),
                BET.replace("\"id\":7", "\"id\":9223372036854775808"),
                BET.replace("\"amount_eur\":300", "\"amount_eur\":-1"),
                BET.replace("\"game_id\":100,", ""),
                BET.replace("\"type\":\"bet\"", "\"type\":\"deposit\""),
                BET.replace("\"type\":\"bet\"", "\"type\":\"game_start\""),
                BET.replace(",\"amount_eur\":300", "").replace("\"type\":\"bet\"", "\"type\":\"deposit\"")
                        .replace("\"game_id\":100,", "").replace("\"has_won\":true,", ""),
                BET.replace("}", ",\"bonus\":1}"),
                BET.replace("}", ",\"id\":8}"),
                BET.replace("}", ",\"type\":\"game_start\"}"),
                BET.replace("}", ",\"amount_eur\":-5}"),
                BET.replace("}", ",\"player\":{\"email\":\"a@b\",\"vip\":true}}"),
                BET.replace("}", ",\"player\":{\"last_signed_in_at\":\"never\"}}"),
                BET.replace("}", ",\"player\":[]}"),
                BET.replace("}", ",\"description\":42}"),
                BET + "{}",
                BET + "]",
                BET.substring(0, BET.length() - 1),
                "[" + BET + "]",
                "null",
                "",
                "{}");
        for (String input : inputs) {
            byte[] value = input.getBytes(StandardCharsets.UTF_8);
            assertEquals(verdict(EventParser.DATABIND, value), verdict(parser, value), input);
        }
        assertEquals(verdict(EventParser.DATABIND, null), verdict(parser, null));
    }

    @Test
    void checksTheCanonicalTimestampInPlace() {
        assertTrue(canonical("2024-02-29T23:59:59.999Z"));
        assertTrue(canonical("0000-01-01T00:00:00.000Z"));
        assertFalse(canonical("2023-02-29T00:00:00.000Z"), "not a leap year");
        assertFalse(canonical("2026-04-31T00:00:00.000Z"));
        assertFalse(canonical("2026-13-01T00:00:00.000Z"));
        assertFalse(canonical("2026-12-31T23:59:60.000Z"), "a leap second goes to the reference");
        assertFalse(canonical("2026-12-31T23:59:59Z"), "no milliseconds goes to the reference");
        assertFalse(canonical("2026-12-31T23:5a:59.000Z"));
    }

    private static boolean canonical(String s) {
        return StreamingEventParser.canonical(s.toCharArray(), 0, s.length());
    }

    /** The counted figures, or the rejection's field and reason. */
    private static Object verdict(EventParser p, byte[] value) {
        try {
            return p.parse(value);
        } catch (InvalidEventException e) {
            return "rejected " + e.field() + ": " + e.getMessage();
        }
    }
}
