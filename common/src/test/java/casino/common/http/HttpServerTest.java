package casino.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared HTTP bootstrap: health, readiness and JSON errors, on a real Javalin server. */
class HttpServerTest {
    record Deposit(String walletId, BigDecimal amount) {}

    private static final AtomicBoolean dependencyUp = new AtomicBoolean(true);
    private static HttpServer server;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = HttpServer.start("test", 0,
                List.of(ReadinessCheck.of("dependency", () -> new ReadinessCheck.Status(dependencyUp.get(), "x"))),
                () -> Map.of("dlq_count", 3), app -> {
                    app.post("/echo", ctx -> ctx.json(ctx.bodyAsClass(Deposit.class)));
                    app.get("/fail", ctx -> {
                        throw ApiException.badRequest("Amount", "Amount must be positive");
                    });
                    app.get("/busy", ctx -> {
                        throw ApiException.unavailable("rebalancing", 2);
                    });
                });
    }

    @AfterAll
    static void stop() {
        server.close();
        server.close(); // idempotent
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void givenRunningServer_whenHealthAsked_thenUp() throws Exception {
        var r = send("GET", "/health", null);
        assertEquals(200, r.statusCode());
        assertEquals("UP", json(r).get("status").asText());
    }

    @Test
    void givenDependencyDown_whenReadyAsked_then503WithTheCheck() throws Exception {
        dependencyUp.set(false);
        try {
            var r = send("GET", "/ready", null);
            assertEquals(503, r.statusCode());
            assertEquals(false, json(r).get("checks").get("dependency").get("ready").asBoolean());
        } finally {
            dependencyUp.set(true);
        }
        var r = send("GET", "/ready", null);
        assertEquals(200, r.statusCode());
        assertEquals(3, json(r).get("dlq_count").asInt());
    }

    @Test
    void givenApiException_thenJsonWithField() throws Exception {
        var r = send("GET", "/fail", null);
        assertEquals(400, r.statusCode());
        assertEquals("{\"error\":\"Amount must be positive\",\"field\":\"Amount\"}", r.body());
    }

    @Test
    void givenUnavailable_then503WithRetryAfter() throws Exception {
        var r = send("GET", "/busy", null);
        assertEquals(503, r.statusCode());
        assertEquals("2", r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void givenUnknownPathOrWrongMethod_thenJsonErrors() throws Exception {
        var notFound = send("GET", "/nope", null);
        assertEquals(404, notFound.statusCode());
        assertEquals("Endpoint GET /nope not found", json(notFound).get("error").asText());
        var wrongMethod = send("DELETE", "/echo", null);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("method DELETE not allowed on /echo", json(wrongMethod).get("error").asText());
    }

    @Test
    void givenMalformedOrMistypedJson_then400NamingTheField() throws Exception {
        var malformed = send("POST", "/echo", "{\"walletId\": ");
        assertEquals(400, malformed.statusCode());
        var wrongType = send("POST", "/echo", "{\"walletId\": \"w\", \"amount\": \"lots\"}");
        assertEquals(400, wrongType.statusCode());
        assertEquals("amount", json(wrongType).get("field").asText());
        var unknown = send("POST", "/echo", "{\"walletId\": \"w\", \"colour\": 1}");
        assertEquals(400, unknown.statusCode());
        assertEquals("colour", json(unknown).get("field").asText());
    }

    @Test
    void givenBodyOver64KiB_then413Json() throws Exception {
        var r = send("POST", "/echo", "{\"walletId\": \"" + "x".repeat(70_000) + "\"}");
        assertEquals(413, r.statusCode());
        assertEquals("request body larger than 65536 bytes", json(r).get("error").asText());
    }
}
