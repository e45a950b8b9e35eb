package casino.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FxApiTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static FxApiService api;

    @BeforeAll
    static void start() {
        api = FxApiService.start(new FxApiSettings(0), Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenTheApi_whenGettingLatest_thenItAnswersTheFrankfurterShapeWithDecimalRatesForEveryCurrency() throws Exception {
        HttpResponse<String> response = send("GET", "/latest");

        assertEquals(200, response.statusCode());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("EUR", body.get("base").asText());
        assertEquals("2026-11-21", body.get("date").asText());
        for (String code : List.of("USD", "GBP", "NZD", "BTC", "EUR")) {
            JsonNode rate = body.get("rates").get(code);
            assertTrue(rate.isNumber(), code + " rate must be a JSON number: " + rate);
            assertTrue(rate.decimalValue().signum() > 0, code + " rate must be positive");
        }
        assertEquals(0, body.get("rates").get("EUR").decimalValue().compareTo(BigDecimal.ONE));
        assertTrue(!response.body().contains("E-"), "rates are plain decimals, not exponent notation: " + response.body());
    }

    @Test
    void givenAnOutage_whenGettingLatest_thenItAnswers503UntilRecoveredAndCountsOnlyServedAnswers() throws Exception {
        long before = api.requestsServed();
        assertEquals(200, send("POST", "/admin/outage").statusCode());

        HttpResponse<String> refused = send("GET", "/latest");
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("\"error\""), refused.body());
        assertEquals(before, api.requestsServed());

        assertEquals(200, send("DELETE", "/admin/outage").statusCode());
        assertEquals(200, send("GET", "/latest").statusCode());
        assertEquals(before + 1, api.requestsServed());
        JsonNode stats = Json.MAPPER.readTree(send("GET", "/stats").body());
        assertEquals(before + 1, stats.get("latest_requests").asLong());
        assertEquals(false, stats.get("failing").asBoolean());
    }

    @Test
    void givenTime_whenRatesAreQuotedMinutesApart_thenTheyMoveALittleAroundTheirAnchors() {
        Instant t0 = Instant.parse("2026-11-21T12:00:00Z");
        Map<String, BigDecimal> first = RateModel.ratesAt(t0);
        Map<String, BigDecimal> later = RateModel.ratesAt(t0.plusSeconds(300));

        for (String code : List.of("USD", "GBP", "NZD", "BTC")) {
            assertNotEquals(first.get(code), later.get(code), code + " should move in 5 minutes");
            for (int minute = 0; minute < 120; minute++) {
                BigDecimal rate = RateModel.ratesAt(t0.plusSeconds(60L * minute)).get(code);
                BigDecimal drift = rate.divide(RateModel.ANCHORS.get(code), java.math.MathContext.DECIMAL64)
                        .subtract(BigDecimal.ONE).abs();
                assertTrue(drift.compareTo(new BigDecimal("0.0051")) <= 0, code + " drifted " + drift + " at minute " + minute);
            }
        }
    }
}
