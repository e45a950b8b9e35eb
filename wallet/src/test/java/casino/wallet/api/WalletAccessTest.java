package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.ConfigException;
import casino.common.metrics.PrometheusText;
import casino.common.security.ApiKeys;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wallet with API keys: every write and every read needs a key (401 without or with a wrong
 * one, 2xx with the right one, plain or sha256 form); probes, /metrics and /openapi.json stay open;
 * /metrics counts the commands by kind and result. Without keys a public bind refuses to start.
 */
class WalletAccessTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] OPS = {"Authorization", "Bearer ops-secret"};
    private static Path stateDir;
    private static WalletService wallet;

    /** Every route kind: writes of the three APIs and reads of wallets, transactions and details. */
    private static final List<String[]> PROTECTED = List.of(
            new String[] {"POST", "/deposit", "{\"WalletID\": \"p-" + RUN + "\", \"Amount\": 5}"},
            new String[] {"GET", "/details/p-" + RUN, null},
            new String[] {"POST", "/wallets", "{\"currency\": \"EUR\"}"},
            new String[] {"GET", "/wallets?externalId=x-" + RUN, null},
            new String[] {"GET", "/wallets/w-" + RUN, null},
            new String[] {"GET", "/wallets/w-" + RUN + "/balance", null},
            new String[] {"POST", "/wallets/w-" + RUN + "/transactions", "{\"amount\": 5, \"fingerprint\": \"f\"}"},
            new String[] {"GET", "/wallets/w-" + RUN + "/transactions", null},
            new String[] {"POST", "/wallets/w-" + RUN + "/transactions/1/void", "{}"},
            new String[] {"POST", "/wallet/c-" + RUN, "{}"},
            new String[] {"GET", "/wallet/c-" + RUN, null},
            new String[] {"POST", "/add-funds/c-" + RUN, "{\"amount\": 5}"},
            new String[] {"POST", "/remove-funds/c-" + RUN, "{\"amount\": 5}"});

    @BeforeAll
    static void start() throws IOException {
        stateDir = Files.createTempDirectory("wallet-access");
        Map<String, String> env = new HashMap<>(WalletFixture.env("access", stateDir));
        env.put("API_KEYS", "ops:ops-secret, ci:sha256:" + ApiKeys.sha256Hex("ci-secret"));
        env.put("BIND_ADDRESS", "127.0.0.1");
        wallet = WalletService.start(WalletFixture.config(env));
    }

    @AfterAll
    static void stop() {
        if (wallet != null) wallet.close();
    }

    static HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + wallet.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void givenNoKeyOrAWrongOne_whenAnyWalletRouteIsCalled_then401AndNothingIsWritten() {
        for (String[] route : PROTECTED) {
            String what = route[0] + " " + route[1];
            HttpResponse<String> none = send(route[0], route[1], route[2]);
            assertEquals(401, none.statusCode(), what);
            assertEquals("{\"error\":\"unauthorized\",\"field\":null}", none.body(), what);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null), what);
            assertEquals(401, send(route[0], route[1], route[2], "Authorization", "Bearer ops-secre").statusCode(), what);
            assertEquals(401, send(route[0], route[1], route[2], "X-API-Key", ApiKeys.sha256Hex("ci-secret")).statusCode(), what);
        }
        assertEquals(404, send("GET", "/details/p-" + RUN, null, OPS).statusCode(), "the refused deposit created nothing");
    }

    @Test
    void givenTheRightKey_whenWritingAndReading_then2xxAndTheCommandsAreCounted() {
        String id = "ok-" + RUN;
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("POST", "/deposit", "{\"WalletID\": \"" + id + "\", \"Amount\": 10}", OPS).statusCode());
        }
        HttpResponse<String> details = send("GET", "/details/" + id, null, "X-API-Key", "ops-secret");
        assertEquals(200, details.statusCode(), details.body());
        String user = "cl-" + RUN;
        assertEquals(201, send("POST", "/wallet/" + user, "{}", "Authorization", "Bearer ci-secret").statusCode(), "sha256 form");
        assertEquals(200, send("GET", "/wallet/" + user, null, "X-API-Key", "ci-secret").statusCode());
        assertEquals(422, send("POST", "/remove-funds/" + user, "{\"amount\": 5, \"reference\": \"r1\"}", OPS).statusCode(), "insufficient funds");

        List<PrometheusText.Sample> metrics = PrometheusText.parse(send("GET", "/metrics", null).body());
        assertEquals(3.0, PrometheusText.sum(metrics, "wallet_commands_total", "service", "wallet", "kind", "deposit", "result", "applied"));
        assertEquals(1.0, PrometheusText.sum(metrics, "wallet_commands_total", "kind", "create_wallet", "result", "applied"));
        assertEquals(1.0, PrometheusText.sum(metrics, "wallet_commands_total", "result", "insufficient_funds"));
        assertTrue(PrometheusText.sum(metrics, "wallet_request_wait_seconds_count") >= 5, "request waits");
        assertTrue(PrometheusText.sum(metrics, "http_server_requests_seconds_count", "route", "/deposit", "status", "200") >= 3);
        assertTrue(PrometheusText.sum(metrics, "http_server_requests_seconds_count", "route", "/details/{wallet_id}", "status", "401") >= 1);
        assertTrue(metrics.stream().anyMatch(s -> s.name().startsWith("kafka_stream_")), "Kafka Streams meters");
    }

    @Test
    void givenKeys_whenProbesMetricsAndTheApiDescriptionAreAsked_thenTheyNeedNone() {
        assertEquals(200, send("GET", "/health", null).statusCode());
        assertTrue(send("GET", "/ready", null).statusCode() != 401);
        assertEquals(200, send("GET", "/metrics", null).statusCode());
        assertEquals(200, send("GET", "/openapi.json", null).statusCode());
    }

    @Test
    void givenNoKeys_whenAskedToListenOnAllInterfaces_thenItRefusesNamingApiKeys() {
        Map<String, String> env = new HashMap<>(WalletFixture.env("public", stateDir));
        env.put("BIND_ADDRESS", "0.0.0.0");
        ConfigException e = assertThrows(ConfigException.class, () -> WalletService.start(WalletFixture.config(env)));
        assertTrue(e.getMessage().contains("API_KEYS"), e.getMessage());
    }
}
