package casino.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CasinoEventJsonTest {
    private static final Instant AT = Instant.parse("2022-01-10T12:34:56.789Z");

    private static List<String> keys(Object event) throws Exception {
        JsonNode node = Json.MAPPER.readTree(Json.write(event));
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void givenGameStart_thenNoAmountCurrencyOrHasWon() throws Exception {
        var e = CasinoEvent.raw(1, 10, 100L, EventType.GAME_START, null, null, null, AT);
        assertEquals(List.of("id", "player_id", "game_id", "type", "created_at"), keys(e));
        assertEquals("{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\","
                + "\"created_at\":\"2022-01-10T12:34:56.789Z\"}", Json.write(e));
    }

    @Test
    void givenDeposit_thenNoGameIdAndNoHasWon() throws Exception {
        var e = CasinoEvent.raw(3, 12, null, EventType.DEPOSIT, 10000L, "EUR", null, AT);
        assertEquals(List.of("id", "player_id", "type", "amount", "currency", "created_at"), keys(e));
    }

    @Test
    void givenEnrichedBet_thenEveryKeyInContractOrder() throws Exception {
        var e = CasinoEvent.raw(2, 11, 101L, EventType.BET, 500L, "USD", false, AT)
                .withAmountEur(468L)
                .withPlayer(new Player("john@example.com", Instant.parse("2022-02-02T23:01:02.030Z")))
                .withDescription("d");
        assertEquals(List.of("id", "player_id", "game_id", "type", "amount", "currency", "has_won", "created_at",
                "amount_eur", "player", "description"), keys(e));
        assertEquals("{\"email\":\"john@example.com\",\"last_signed_in_at\":\"2022-02-02T23:01:02.030Z\"}",
                Json.MAPPER.readTree(Json.write(e)).get("player").toString());
    }

    @Test
    void givenUnknownPlayer_thenPlayerIsAnEmptyObject() throws Exception {
        var e = CasinoEvent.raw(2, 15, 101L, EventType.GAME_STOP, null, null, null, AT).withPlayer(Player.UNKNOWN);
        assertEquals("{}", Json.MAPPER.readTree(Json.write(e)).get("player").toString());
    }

    @Test
    void givenJsonFromTheOriginalChallenge_thenItIsReadWithShortOffset() {
        var e = Json.read("{\"id\":3,\"player_id\":12,\"type\":\"deposit\",\"amount\":10000,\"currency\":\"EUR\","
                + "\"created_at\":\"2022-03-03T12:12:12+00\"}", CasinoEvent.class);
        assertEquals(Instant.parse("2022-03-03T12:12:12Z"), e.createdAt());
        assertEquals(e, Json.read(Json.write(e), CasinoEvent.class), "round trip");
    }

    @Test
    void givenUnknownType_thenReadingFails() {
        assertThrows(RuntimeException.class, () -> Json.read("{\"id\":1,\"player_id\":1,\"type\":\"cashout\","
                + "\"created_at\":\"2022-03-03T12:12:12Z\"}", CasinoEvent.class));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "id        | {\"player_id\":1,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "amount    | {\"id\":1,\"player_id\":1,\"game_id\":100,\"type\":\"bet\",\"amount\":-5,\"currency\":\"EUR\",\"has_won\":false,\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "amount    | {\"id\":1,\"player_id\":1,\"type\":\"deposit\",\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "game_id   | {\"id\":1,\"player_id\":1,\"game_id\":100,\"type\":\"deposit\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "has_won   | {\"id\":1,\"player_id\":1,\"game_id\":100,\"type\":\"bet\",\"amount\":5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "amount    | {\"id\":1,\"player_id\":1,\"game_id\":100,\"type\":\"game_stop\",\"amount\":5,\"created_at\":\"2022-01-01T00:00:00Z\"}",
            "created_at| {\"id\":1,\"player_id\":1,\"game_id\":100,\"type\":\"game_stop\"}",
    })
    void givenEventBreakingTheTypeRules_thenValidationNamesTheField(String field, String json) {
        var e = Json.read(json, CasinoEvent.class);
        assertEquals(field, assertThrows(InvalidEventException.class, e::validate).field());
    }
}
