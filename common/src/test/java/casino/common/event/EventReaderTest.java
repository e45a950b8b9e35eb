package casino.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link EventReader} on what Go's encoding/json writes for the original challenge's {@code Event}
 * struct (github.com/Bitstarz-eng/event-processing-challenge, internal/casino/event.go, as its forks
 * carry it: {@code ID int json:"id"}, {@code GameID int json:"game_id,omitempty"} or without
 * omitempty, {@code HasWon bool json:"has_won,omitempty"}, {@code CreatedAt time.Time},
 * {@code AmountEUR int} or {@code float64}, {@code Player Player} (email, last_signed_in_at),
 * {@code Description string}), and on the wrong types upstream systems send.
 */
class EventReaderTest {
    /** Go's zero Player, written whether or not the field says omitempty (a struct is never empty to Go). */
    private static final String GO_ZERO_PLAYER = "\"player\":{\"email\":\"\",\"last_signed_in_at\":\"0001-01-01T00:00:00Z\"}";

    private static CasinoEvent read(String json) {
        return EventReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidEventException refused(String json) {
        return assertThrows(InvalidEventException.class, () -> read(json), json);
    }

    private static CasinoEvent raw(long id, long player, Long game, EventType type, Long amount, String currency, Boolean won,
                                   String at) {
        return CasinoEvent.raw(id, player, game, type, amount, currency, won, Instant.parse(at)).withPlayer(Player.UNKNOWN);
    }

    @Test
    void givenGoWithZeroValuesOmitted_whenRead_thenALosingBetHasHasWonFalseAndEveryTypeIsAccepted() {
        // the README's examples as the omitempty struct writes them: no has_won on a losing bet, no game_id on a deposit
        assertEquals(raw(2, 11, 101L, EventType.BET, 500L, "USD", false, "2022-02-02T23:45:12.890Z"),
                read("{\"id\":2,\"player_id\":11,\"game_id\":101,\"type\":\"bet\",\"amount\":500,\"currency\":\"USD\","
                        + "\"created_at\":\"2022-02-02T23:45:12.89+00\"," + GO_ZERO_PLAYER + ",\"description\":\"\"}"));
        assertEquals(raw(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:56.789Z"),
                read("{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\","
                        + "\"created_at\":\"2022-01-10T12:34:56.789+00\"," + GO_ZERO_PLAYER + ",\"description\":\"\"}"));
        assertEquals(raw(3, 12, null, EventType.DEPOSIT, 10000L, "EUR", null, "2022-03-03T12:12:12Z"),
                read("{\"id\":3,\"player_id\":12,\"type\":\"deposit\",\"amount\":10000,\"currency\":\"EUR\","
                        + "\"created_at\":\"2022-03-03T12:12:12+00\"," + GO_ZERO_PLAYER + ",\"description\":\"\"}"));
        assertEquals(raw(4, 13, 102L, EventType.BET, 1999L, "NZD", true, "2022-03-04T01:02:00Z"),
                read("{\"id\":4,\"player_id\":13,\"game_id\":102,\"type\":\"bet\",\"amount\":1999,\"currency\":\"NZD\","
                        + "\"has_won\":true,\"created_at\":\"2022-03-04T01:02:00Z\"," + GO_ZERO_PLAYER + "}"));
    }

    @Test
    void givenGoWithZeroValuesWritten_whenRead_thenEachZeroIsAbsent() {
        String zeros = ",\"amount_eur\":0," + GO_ZERO_PLAYER + ",\"description\":\"\"}";
        assertEquals(raw(3, 12, null, EventType.DEPOSIT, 10000L, "EUR", null, "2022-03-03T12:12:12Z"),
                read("{\"id\":3,\"player_id\":12,\"game_id\":0,\"type\":\"deposit\",\"amount\":10000,\"currency\":\"EUR\","
                        + "\"has_won\":false,\"created_at\":\"2022-03-03T12:12:12Z\"" + zeros).withAmountEur(null));
        assertEquals(raw(5, 14, 103L, EventType.GAME_STOP, null, null, null, "2022-03-04T01:02:00Z"),
                read("{\"id\":5,\"player_id\":14,\"game_id\":103,\"type\":\"game_stop\",\"amount\":0,\"currency\":\"\","
                        + "\"has_won\":false,\"created_at\":\"2022-03-04T01:02:00Z\"" + zeros));
        assertEquals(raw(6, 15, 104L, EventType.BET, 250L, "GBP", false, "2022-03-04T01:02:00Z"),
                read("{\"id\":6,\"player_id\":15,\"game_id\":104,\"type\":\"bet\",\"amount\":250,\"currency\":\"GBP\","
                        + "\"has_won\":false,\"created_at\":\"2022-03-04T01:02:00Z\"" + zeros).withAmountEur(null));
        assertEquals(0L, read("{\"id\":7,\"player_id\":15,\"game_id\":104,\"type\":\"bet\",\"amount\":0,\"currency\":\"EUR\","
                + "\"has_won\":false,\"created_at\":\"2022-03-04T01:02:00Z\"" + zeros).amount(), "a stake of 0 is a value");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2022-01-10T12:34:56Z                | 2022-01-10T12:34:56Z",
            "2022-01-10T12:34:56+00:00           | 2022-01-10T12:34:56Z",
            "2022-01-10T14:34:56+02:00           | 2022-01-10T12:34:56Z",
            "2022-01-10T07:04:56-05:30           | 2022-01-10T12:34:56Z",
            "2022-01-10T12:34:56+00              | 2022-01-10T12:34:56Z",
            "2022-01-10T14:34:56+0200            | 2022-01-10T12:34:56Z",
            "2022-01-10T12:34:56.7+00            | 2022-01-10T12:34:56.700Z",
            "2022-01-10T12:34:56.78Z             | 2022-01-10T12:34:56.780Z",
            "2022-01-10T12:34:56.789+00          | 2022-01-10T12:34:56.789Z",
            "2022-01-10T12:34:56.123456789+01:00 | 2022-01-10T11:34:56.123456789Z",
            "2024-02-29T00:00:00Z                | 2024-02-29T00:00:00Z",
    })
    void givenCreatedAtInAnyFormGoWrites_whenRead_thenTheInstantIsTheSame(String written, String instant) {
        CasinoEvent e = read("{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"" + written + "\"}");
        assertEquals(Instant.parse(instant), e.createdAt());
        assertTrue(Json.write(e).contains("\"created_at\":\"" + Json.formatInstant(Instant.parse(instant)) + "\""), "UTC, milliseconds");
    }

    private static final String DEPOSIT = "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\",";
    private static final String BET = "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"bet\",\"amount\":5,\"currency\":\"EUR\",";

    @ParameterizedTest(name = "{1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":5.5}",
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":\"500\"}",
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":5e2}",
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":5.0}",
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":[5]}",
            "invalid-field | id                       | {\"id\":1.5,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | id                       | {\"id\":\"11\",\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | id                       | {\"id\":9223372036854775808,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | player_id                | {\"id\":1,\"player_id\":\"11\",\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | game_id                  | {\"id\":1,\"player_id\":10,\"game_id\":1.5,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | has_won                  | " + BET + "\"has_won\":\"false\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | has_won                  | " + BET + "\"has_won\":0,\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | created_at               | " + BET + "\"has_won\":true,\"created_at\":\"2022-02-30T00:00:00Z\"}",
            "invalid-field | created_at               | " + BET + "\"has_won\":true,\"created_at\":\"2022-02-30T00:00:00+00\"}",
            "invalid-field | created_at               | " + BET + "\"has_won\":true,\"created_at\":\"2022-02-02T23:45:67.89+00\"}",
            "invalid-field | created_at               | " + BET + "\"has_won\":true,\"created_at\":1643846400}",
            "invalid-field | currency                 | {\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":5,\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | type                     | {\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":1,\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "invalid-field | amount_eur               | " + DEPOSIT + "\"amount\":5,\"amount_eur\":4.68}",
            "invalid-field | player                   | " + DEPOSIT + "\"amount\":5,\"player\":\"bob\"}",
            "invalid-field | player.email             | " + DEPOSIT + "\"amount\":5,\"player\":{\"email\":7}}",
            "invalid-field | player.last_signed_in_at | " + DEPOSIT + "\"amount\":5,\"player\":{\"last_signed_in_at\":\"2022-13-01T00:00:00Z\"}}",
            "invalid-field | player.id                | " + DEPOSIT + "\"amount\":5,\"player\":{\"id\":10}}",
            "invalid-field | amount                   | " + DEPOSIT + "\"amount\":5,\"amount\":6}",
            "missing-field | created_at               | " + BET + "\"has_won\":true,\"created_at\":\"0001-01-01T00:00:00Z\"}",
            "missing-field | game_id                  | {\"id\":1,\"player_id\":10,\"game_id\":0,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "missing-field | currency                 | {\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "missing-field | type                     | {\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "unknown-type  | type                     | {\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"cashout\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "malformed-json |                         | {\"id\":1.5,\"player_id\":10,",
            "malformed-json |                         | {\"id\":1} {\"id\":2}",
            "malformed-json |                         | null",
    })
    void givenAWrongTypeOrValue_whenRead_thenRefusedWithItsCodeAndField(String code, String field, String json) {
        InvalidEventException e = refused(json);
        assertEquals(code, e.code().wireName(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void givenAValueOverTheBound_whenRead_thenRefusedAsTooLargeWithoutParsingIt() {
        String json = "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\","
                + "\"description\":\"" + "x".repeat(EventReader.MAX_EVENT_BYTES) + "\"}";
        InvalidEventException e = refused(json);
        assertEquals("too-large", e.code().wireName(), e.getMessage());
    }

    @Test
    void givenFieldsTheTypeDoesNotUse_whenRead_thenDroppedAndEachReported() {
        List<String> ignored = new ArrayList<>();
        CasinoEvent e = EventReader.read(("{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"amount\":5,"
                + "\"currency\":\"USD\",\"has_won\":true,\"amount_eur\":4,\"created_at\":\"2022-01-01T00:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8), (type, field) -> ignored.add(type.wireName() + "." + field));
        assertEquals(CasinoEvent.raw(1, 10, 100L, EventType.GAME_START, null, null, null, Instant.parse("2022-01-01T00:00:00Z")), e);
        assertEquals(List.of("game_start.amount", "game_start.currency", "game_start.amount_eur", "game_start.has_won"), ignored);
    }

    @Test
    void givenHugeBadValues_whenRefused_thenTheMessageQuotesAtMostAFewCharactersOfThem() {
        String huge = "x".repeat(600_000);
        for (String json : new String[] {
                huge,
                "{\"id\":" + huge + "}",
                "{\"" + huge + "\":1}",
                "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"" + huge + "\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
                "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"" + huge + "\"}"}) {
            InvalidEventException e = refused(json);
            assertTrue(e.getMessage().length() < 300, () -> e.getMessage().length() + " characters: " + e.getMessage().substring(0, 300));
            assertTrue(!e.getMessage().contains("x".repeat(40)), e::getMessage);
            assertTrue(e.field() == null || e.field().length() < 64, e.field());
        }
    }

    @Test
    void givenTheSuitesOwnJson_whenReadBack_thenEveryEventIsUnchanged() {
        Random r = new Random(11);
        EventType[] types = EventType.values();
        for (int i = 0; i < 2000; i++) {
            EventType type = types[r.nextInt(types.length)];
            Long amount = type.hasAmount() ? (long) r.nextInt(3) * r.nextInt(2000) : null; // 0 included
            CasinoEvent e = CasinoEvent.raw(i, 10 + r.nextInt(10), type.hasGame() ? 100L + r.nextInt(10) : null, type, amount,
                    type.hasAmount() ? "EUR" : null, type == EventType.BET ? r.nextBoolean() : null,
                    Instant.ofEpochMilli(1_600_000_000_000L + r.nextInt(Integer.MAX_VALUE)));
            if (i % 2 == 0) {
                e = e.withAmountEur(amount).withDescription("d \"" + i + "\"")
                        .withPlayer(i % 4 == 0 ? Player.UNKNOWN : new Player("p" + i + "@example.com", e.createdAt()));
            }
            assertEquals(e, read(Json.write(e)), Json.write(e));
        }
    }
}
