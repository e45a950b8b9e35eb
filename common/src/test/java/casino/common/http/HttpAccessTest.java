package casino.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.security.AccessPolicy;
import casino.common.security.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fail-closed API keys at the shared HTTP edge: protected by default, open routes stay open. */
class HttpAccessTest {
    private static final AtomicInteger writes = new AtomicInteger();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        ApiKeys keys = ApiKeys.parse("ops:s3cret,ci:sha256:" + ApiKeys.sha256Hex("hashed-secret"));
        server = HttpServer.builder("test").access(AccessPolicy.withKeys(keys, "127.0.0.1")).open("/page")
                .routes(app -> {
                    app.post("/items/{id}", ctx -> ctx.json(Map.of("n", writes.incrementAndGet())));
                    app.get("/items/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
                    app.get("/page", ctx -> ctx.html("<p>open</p>"));
                }).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals("{\"error\":\"unauthorized\",\"field\":null}", r.body());
        assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void givenNoKeyOrWrongKey_whenWriteOrRead_then401AndTheWriteNotApplied() throws Exception {
        int before = writes.get();
        assertUnauthorized(send("POST", "/items/1"));
        assertUnauthorized(send("POST", "/items/1", "Authorization", "Bearer wrong"));
        assertUnauthorized(send("POST", "/items/1", "X-API-Key", "s3cre"));
        assertUnauthorized(send("GET", "/items/1"));
        assertUnauthorized(send("GET", "/items/1", "Authorization", "Basic czNjcmV0"));
        assertUnauthorized(send("GET", "/unknown")); // unknown paths are not revealed either
        assertEquals(before, writes.get());
    }

    @Test
    void givenRightKey_whenBearerOrHeader_then2xx() throws Exception {
        assertEquals(200, send("POST", "/items/1", "Authorization", "Bearer s3cret").statusCode());
        assertEquals(200, send("GET", "/items/1", "X-API-Key", "s3cret").statusCode());
        assertEquals(200, send("GET", "/items/2", "Authorization", "bearer hashed-secret").statusCode()); // the sha256 form
    }

    @Test
    void givenOneConnection_whenKeysDifferOnlyInCase_thenEachIsCheckedAsSent() throws Exception {
        // one client, one kept-alive connection: Jetty's header cache must not hand over the previous value
        assertUnauthorized(send("GET", "/items/1", "Authorization", "Bearer S3CRET"));
        assertEquals(200, send("GET", "/items/1", "Authorization", "Bearer s3cret").statusCode());
        assertUnauthorized(send("GET", "/items/1", "Authorization", "Bearer s3creT"));
        assertEquals(200, send("GET", "/items/1", "X-API-Key", "s3cret").statusCode());
        assertUnauthorized(send("GET", "/items/1", "X-API-Key", "S3cret"));
    }

    @Test
    void givenKeysConfigured_thenProbesMetricsAndDeclaredOpenRoutesNeedNone() throws Exception {
        for (String path : new String[] {"/health", "/ready", "/metrics", "/page", "/health/"}) {
            assertEquals(200, send("GET", path).statusCode(), path);
        }
    }

    @Test
    void givenNoKeys_whenPublicBindConfigured_thenTheServerRefusesToStart() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> HttpServer.builder("test").config(Config.of(Map.of("BIND_ADDRESS", "0.0.0.0"))).start());
        assertTrue(e.getMessage().contains("API_KEYS"), e.getMessage());
    }

    @Test
    void givenNoKeys_thenEveryRouteAnonymousOnLoopback() throws Exception {
        try (HttpServer anonymous = HttpServer.builder("anon").config(Config.of(Map.of()))
                .routes(app -> app.get("/x", ctx -> ctx.result("ok"))).start()) {
            var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + anonymous.port() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }
}
