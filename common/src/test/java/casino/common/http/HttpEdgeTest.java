package casino.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The errors Jetty answers before Javalin sees the request, and the content types writes accept,
 * sent byte for byte over a socket to a real server: every one is JSON {@code {"error", "field"}}
 * with a 4xx status.
 */
class HttpEdgeTest {
    record Deposit(String walletId, long amount) {}

    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.builder("edge")
                .routes(app -> {
                    app.post("/echo", ctx -> ctx.json(ctx.bodyAsClass(Deposit.class)));
                    app.get("/files/{name}", ctx -> ctx.result(ctx.pathParam("name")));
                })
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response get(String target, String... headers) throws Exception {
        return RawHttp.send(server.port(), "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                + String.join("", headers) + "Connection: close\r\n\r\n");
    }

    private static RawHttp.Response post(String contentType, String body) throws Exception {
        return RawHttp.send(server.port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** Then: a JSON error with this status whose message contains {@code fragment}. */
    private static void assertJsonError(RawHttp.Response r, int status, String fragment) throws Exception {
        assertEquals(status, r.status(), "status of " + r);
        assertTrue(r.header("content-type").startsWith("application/json"), "content type of " + r);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertTrue(body.get("error").asText().contains(fragment), "message of " + r);
        assertTrue(body.has("field"), "field key of " + r);
    }

    @Test
    void givenEncodedDotDotPath_then400Json() throws Exception {
        assertJsonError(get("/files/%2e%2e/%2e%2e/etc/passwd"), 400, "URI");
        assertJsonError(get("/files/..%2F..%2Fetc%2Fpasswd"), 400, "URI");
    }

    @Test
    void givenMalformedPercentEncoding_then400Json() throws Exception {
        assertJsonError(get("/%zz"), 400, "URI");
    }

    @Test
    void givenUriOver8KiB_then414Json() throws Exception {
        assertJsonError(get("/files/" + "a".repeat(9_000)), 414, "URI");
    }

    @Test
    void givenHeadersOver8KiB_then431Json() throws Exception {
        assertJsonError(get("/health", "X-Big: " + "b".repeat(9_000) + "\r\n"), 431, "header");
    }

    @Test
    void givenBadChunkSize_then400Json() throws Exception {
        var r = RawHttp.send(server.port(), "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertJsonError(r, 400, "body");
    }

    @Test
    void givenJsonOrNoOrFormContentType_whenPosting_thenAccepted() throws Exception {
        String body = "{\"walletId\": \"w\", \"amount\": 5}";
        for (String type : new String[] {"application/json", "application/json; charset=utf-8", null,
                "application/x-www-form-urlencoded"}) {
            var r = post(type, body);
            assertEquals(200, r.status(), "content type " + type + ": " + r);
            assertEquals(5, Json.MAPPER.readTree(r.body()).get("amount").asLong());
        }
    }

    @Test
    void givenOtherContentType_whenPosting_then415Json() throws Exception {
        for (String type : List.of("text/plain", "application/xml", "multipart/form-data; boundary=x")) {
            var r = post(type, "{\"walletId\": \"w\", \"amount\": 5}");
            assertJsonError(r, 415, "application/json");
            assertEquals("Content-Type", Json.MAPPER.readTree(r.body()).get("field").asText());
        }
    }

    @Test
    void givenHealthOverride_thenServedAsTheServiceWrites() throws Exception {
        try (HttpServer plain = HttpServer.builder("plain").health(ctx -> ctx.contentType("text/plain").result("OK"))
                .routes(app -> app.get("/x", ctx -> ctx.result("x"))).start()) {
            var r = RawHttp.send(plain.port(), "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals("OK", r.body());
            assertTrue(plain.routes().containsAll(List.of("GET /health", "GET /ready", "GET /x")), plain.routes().toString());
        }
    }
}
