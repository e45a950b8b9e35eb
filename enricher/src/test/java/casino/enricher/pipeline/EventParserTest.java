package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

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
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"} | missing-field | amount",
            "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\",\"bonus\":1} | invalid-field | bonus",
    })
    void givenBadInput_whenParsed_thenTheRejectionNamesTheReasonAndField(String json, String code, String field) {
        var result = EventParser.parse(json.getBytes(StandardCharsets.UTF_8));
        Rejection r = assertInstanceOf(EventParser.Invalid.class, result, json).rejection();
        assertEquals(code, r.code(), r.reason());
        assertEquals(field, r.field(), r.reason());
    }

    @Test
    void givenAnEmptyValue_whenParsed_thenItIsMalformed() {
        assertEquals(Rejection.MALFORMED_JSON,
                assertInstanceOf(EventParser.Invalid.class, EventParser.parse(null)).rejection().code());
    }
}
