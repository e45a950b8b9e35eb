package casino.common.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.json.Json;
import casino.common.security.AccessPolicy;
import casino.common.security.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /openapi.json}, {@code /docs} and Swagger UI's files, served by the builder from the service's document and the webjar. */
class ApiDocsTest {
    private static final String DOCUMENT = "/casino/common/http/test-openapi.json";
    private static final HttpClient client = HttpClient.newHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = HttpServer.builder("docs-test").access(AccessPolicy.withKeys(ApiKeys.parse("ops:s3cret"), "127.0.0.1"))
                .open("/page").openApi(DOCUMENT)
                .routes(app -> {
                    app.get("/things/{id}", ctx -> ctx.json(ctx.pathParam("id")));
                    app.get("/page", ctx -> ctx.html("<p>open</p>"));
                }).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void givenTheServiceDocument_whenServed_thenTheBuildersOwnRoutesAndSchemesAreAddedWithoutAKey() throws Exception {
        HttpResponse<byte[]> r = get("/openapi.json");
        assertEquals(200, r.statusCode(), "open without a key");
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode doc = Json.MAPPER.readTree(r.body());
        assertEquals("docs test service", doc.at("/info/title").asText());
        for (String path : List.of("/health", "/ready", "/metrics", "/openapi.json", "/docs", "/docs/{asset}", "/things/{id}", "/page")) {
            assertTrue(doc.at("/paths").has(path), path + " in " + doc.at("/paths"));
        }
        assertEquals("plain-text liveness", doc.at("/paths/~1health/get/summary").asText(), "the service's own /health wins");
        assertEquals("http", doc.at("/components/securitySchemes/bearer/type").asText());
        assertEquals("X-API-Key", doc.at("/components/securitySchemes/apiKey/name").asText());
        assertEquals(2, doc.at("/security").size());
    }

    @Test
    void givenTheAccessPolicy_whenServed_thenOpenRoutesNeedNoSchemeAndTheOthersMayAnswer401() throws Exception {
        JsonNode doc = Json.MAPPER.readTree(get("/openapi.json").body());
        assertEquals("[]", doc.at("/paths/~1page/get/security").toString(), "opened with Builder.open");
        assertEquals("[]", doc.at("/paths/~1ready/get/security").toString(), "open on every server");
        assertTrue(doc.at("/paths/~1things~1{id}/get/security").isMissingNode(),
                "a protected route inherits the schemes, whatever its document claimed: " + doc.at("/paths/~1things~1{id}/get"));
        assertEquals("#/components/responses/Unauthorized", doc.at("/paths/~1things~1{id}/get/responses/401/$ref").asText());
        assertFalse(doc.at("/paths/~1page/get/responses").has("401"));
        assertEquals(401, get("/things/1").statusCode(), "the route really needs a key");
    }

    @Test
    void givenDocs_whenOpened_thenThePageLoadsSwaggerUiFromThisServerAndPointsItAtTheDocument() throws Exception {
        HttpResponse<byte[]> page = get("/docs");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(html.contains("<title>docs test service</title>"), html);
        assertTrue(html.contains("src=\"/docs/swagger-ui-bundle.js\"") && html.contains("url: '/openapi.json'"), html);
        assertFalse(html.contains("http://") || html.contains("https://"), "no CDN or other host: " + html);
        assertEquals(200, get("/docs/").statusCode(), "with a trailing slash too");
    }

    @Test
    void givenAssets_whenFetched_thenTheyAreTheWebjarsFilesWithTheirTypes() throws Exception {
        HttpResponse<byte[]> js = get("/docs/swagger-ui-bundle.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                "META-INF/resources/webjars/swagger-ui/" + ApiDocs.swaggerUiVersion() + "/swagger-ui-bundle.js")) {
            assertArrayEquals(in.readAllBytes(), js.body());
        }
        HttpResponse<byte[]> css = get("/docs/swagger-ui.css");
        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
    }

    @Test
    void givenNamesThatAreNotAssets_whenFetched_then404Json() throws Exception {
        for (String path : List.of("/docs/nothing.js", "/docs/index.html", "/docs/swagger-initializer.js", "/docs/..%2Fpom.xml",
                "/docs/.hidden")) {
            HttpResponse<byte[]> r = get(path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " -> " + r.statusCode());
            assertTrue(Json.MAPPER.readTree(r.body()).has("error"), path);
        }
    }

    @Test
    void givenAMissingOrForeignDocument_whenStarting_thenTheServerRefusesToStart() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> HttpServer.builder("x").openApi("/casino/common/http/none.json").start());
        assertTrue(missing.getMessage().contains("none.json"), missing.getMessage());
        IllegalStateException foreign = assertThrows(IllegalStateException.class,
                () -> HttpServer.builder("x").openApi("/logback.xml").start());
        assertTrue(foreign.getMessage().contains("logback.xml"), foreign.getMessage());
    }

    @Test
    void givenNoDocument_thenNoDocsRoutes() {
        try (HttpServer plain = HttpServer.builder("plain").start()) {
            assertFalse(plain.routes().stream().anyMatch(r -> r.contains("/openapi.json") || r.contains("/docs")), plain.routes().toString());
        }
    }
}
