package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import java.time.Instant;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    static final String VALID_BET =
            "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"bet\",\"amount\":500,\"currency\":\"USD\",\"has_won\":false,\"created_at\":\"2022-02-02T23:45:00.000Z\"}";

    @Test
    void givenAValidBet_whenParsed_thenItIsValid() {
        var result = EventParser.parse(VALID_BET.getBytes(StandardCharsets.UTF_8));
        assertEquals(500L, assertInstanceOf(EventParser.Valid.class, result).event().amount());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not JSON at all | malformed-json | ",
            "{\"id\":1, | malformed-json | ",
            "[1,2] | malformed-json | ",
            "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"jackpot\",\"created_at\":\"2022-01-01T00:00:00Z\"} | unknown-type | type",
            "{\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"} | missing-field | id",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":-5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | negative-amount | amount",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"XYZ\",\"created_at\":\"2022-01-01T00:00:00Z\"} | unknown-currency | currency",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":\"five\",\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | invalid-field | amount",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"yesterday\"} | invalid-field | created_at",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"created_at\":\"2022-01-01T00:00:00Z\"} | missing-field | currency",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\",\"bonus\":1} | invalid-field | bonus",
    })
    void givenBadInput_whenParsed_thenTheRejectionNamesTheReasonAndField(String json, String code, String field) {
        var result = EventParser.parse(json.getBytes(StandardCharsets.UTF_8));
        Rejection r = assertInstanceOf(EventParser.Invalid.class, result, json).rejection();
        assertEquals(code, r.code(), r.reason());
        assertEquals(field, r.field(), r.reason());
    }

    @Test
    void givenALosingBetFromGoWithZeroValuesWritten_whenParsed_thenItIsARawBetWithHasWonFalseAndNoEnrichmentKeys() {
        String go = "{\"id\":2,\"player_id\":11,\"game_id\":101,\"type\":\"bet\",\"amount\":500,\"currency\":\"USD\","
                + "\"created_at\":\"2022-02-02T23:45:12.89+00\",\"amount_eur\":0,"
                + "\"player\":{\"email\":\"\",\"last_signed_in_at\":\"0001-01-01T00:00:00Z\"},\"description\":\"\"}";
        CasinoEvent e = assertInstanceOf(EventParser.Valid.class, EventParser.parse(go.getBytes(StandardCharsets.UTF_8))).event();
        assertEquals(CasinoEvent.raw(2, 11, 101L, EventType.BET, 500L, "USD", false, Instant.parse("2022-02-02T23:45:12.890Z")), e);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5.5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | amount",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":\"500\",\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | amount",
            "{\"id\":\"11\",\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | id",
            "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"bet\",\"amount\":5,\"currency\":\"EUR\",\"has_won\":0,\"created_at\":\"2022-01-01T00:00:00Z\"} | has_won",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-02-30T00:00:00Z\"} | created_at",
    })
    void givenAWrongType_whenParsed_thenItIsRefusedAsInvalidFieldNotCoerced(String json, String field) {
        Rejection r = assertInstanceOf(EventParser.Invalid.class, EventParser.parse(json.getBytes(StandardCharsets.UTF_8))).rejection();
        assertEquals(Rejection.INVALID_FIELD, r.code(), r.reason());
        assertEquals(field, r.field());
    }

    @Test
    void givenA600KbBadValue_whenRejected_thenTheReasonNeverRepeatsTheValue() {
        String huge = "y".repeat(600_000);
        for (String json : new String[] {huge, "{\"id\":\"" + huge + "\"}", "{\"" + huge + "\":1}",
                "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"" + huge + "\",\"created_at\":\"2022-01-01T00:00:00Z\"}"}) {
            Rejection r = assertInstanceOf(EventParser.Invalid.class, EventParser.parse(json.getBytes(StandardCharsets.UTF_8))).rejection();
            assertTrue(r.reason().length() < 400, () -> r.reason().length() + " characters");
            assertFalse(r.reason().contains("y".repeat(40)), r::reason);
        }
    }

    @Test
    void givenAnEmptyValue_whenParsed_thenItIsMalformed() {
        assertEquals(Rejection.MALFORMED_JSON,
                assertInstanceOf(EventParser.Invalid.class, EventParser.parse(null)).rejection().code());
    }
}
