package casino.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.metrics.PrometheusText;
import casino.common.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FX API with API keys: the outage switch needs one, the rates stay open, /metrics is Prometheus text. */
class FxApiAccessTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static FxApiService api;

    @BeforeAll
    static void start() {
        api = FxApiService.start(FxApiSettings.from(Config.of(Map.of(FxApiSettings.PORT, "0",
                "API_KEYS", "demo:sha256:" + ApiKeys.sha256Hex("fx-secret"), "BIND_ADDRESS", "127.0.0.1"))), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenNoKeyOrAWrongOne_whenTheOutageIsSwitched_then401AndNothingChanges() throws Exception {
        for (String method : new String[] {"POST", "DELETE"}) {
            HttpResponse<String> none = send(method, "/admin/outage");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals(401, send(method, "/admin/outage", "Authorization", "Bearer fx-secreT").statusCode());
        }
        assertEquals(200, send("GET", "/latest").statusCode(), "no outage was switched on");
    }

    @Test
    void givenTheRightKey_whenTheOutageIsSwitched_thenItApplies() throws Exception {
        assertEquals(200, send("POST", "/admin/outage", "X-API-Key", "fx-secret").statusCode());
        try {
            assertEquals(503, send("GET", "/latest").statusCode());
        } finally {
            assertEquals(200, send("DELETE", "/admin/outage", "Authorization", "Bearer fx-secret").statusCode());
        }
        assertEquals(200, send("GET", "/latest").statusCode());
    }

    @Test
    void givenRequests_whenMetricsScraped_thenPrometheusTextWithRouteTimers() throws Exception {
        send("GET", "/stats");
        HttpResponse<String> r = send("GET", "/metrics");
        assertEquals(200, r.statusCode());
        List<PrometheusText.Sample> samples = PrometheusText.parse(r.body());
        assertTrue(PrometheusText.sum(samples, "http_server_requests_seconds_count", "service", "fx-api", "route", "/stats") >= 1);
        assertTrue(PrometheusText.sum(samples, "jvm_threads_live_threads") > 0);
    }

    @Test
    void givenNoKeys_whenAskedToListenOnAllInterfaces_thenItRefuses() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> FxApiSettings.from(Config.of(Map.of("BIND_ADDRESS", "0.0.0.0"))));
        assertTrue(e.getMessage().contains("API_KEYS"), e.getMessage());
    }
}
