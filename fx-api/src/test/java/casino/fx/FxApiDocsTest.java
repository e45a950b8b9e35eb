package casino.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import casino.common.config.Config;
import casino.common.json.Json;
import casino.common.security.ApiKeys;
import casino.infra.HeadlessChromium;
import casino.infra.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FX API's description, with API keys set: {@code /openapi.json} documents exactly the routes the
 * server registered, and {@code /docs} renders it in real headless Chromium from this server alone.
 */
class FxApiDocsTest {
    /** Swagger UI's rendered title, operation paths and every resource the page loaded; null while it renders. */
    private static final String RENDERED = "(() => { const t = document.querySelector('.swagger-ui .info .title');"
            + " const ops = [...document.querySelectorAll('.opblock-summary-path')]"
            + "   .map(e => e.getAttribute('data-path') || e.textContent.replace(/\\u200b/g, '').trim());"
            + " if (!t || ops.length === 0) return null;"
            + " return JSON.stringify({title: t.textContent, ops: ops,"
            + "   resources: performance.getEntriesByType('resource').map(r => r.name)}); })()";
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

    @Test
    void givenTheRunningApi_thenOpenApiJsonDescribesExactlyTheRegisteredRoutes() {
        JsonNode doc = OpenApiContract.assertDescribesExactly(api.port(), api.routes());
        assertEquals("[]", doc.at("/paths/~1latest/get/security").toString(), "/latest is open");
        assertTrue(doc.at("/paths/~1rates/put/security").isMissingNode(), "PUT /rates needs a key");
    }

    @Test
    void givenDocsInHeadlessChromium_thenSwaggerUiRendersTheServicesOperationsFromThisServerOnly(@TempDir Path browser)
            throws Exception {
        assumeTrue(HeadlessChromium.installed(), "no Chromium at " + HeadlessChromium.binary()
                + ": install it (apt-get install chromium, as .ci/run does) or set CHROMIUM to run this test");
        String origin = "http://127.0.0.1:" + api.port();
        try (HeadlessChromium chromium = HeadlessChromium.open(origin + "/docs", browser.resolve("profile"))) {
            JsonNode page = await(chromium);
            assertTrue(page.get("title").asText().contains("casino-streams fx-api"), "the document's title: " + page);
            List<String> ops = new ArrayList<>();
            page.get("ops").forEach(o -> ops.add(o.asText()));
            assertTrue(ops.containsAll(List.of("/latest", "/rates", "/admin/outage", "/health")), "operations shown: " + ops);
            List<String> loaded = new ArrayList<>();
            page.get("resources").forEach(r -> loaded.add(r.asText()));
            assertTrue(loaded.contains(origin + "/docs/swagger-ui-bundle.js") && loaded.contains(origin + "/openapi.json"),
                    "Swagger UI from the webjar, reading this server's document: " + loaded);
            assertTrue(loaded.stream().allMatch(r -> r.startsWith(origin + "/")), "nothing from another host (no CDN): " + loaded);
        }
    }

    private static JsonNode await(HeadlessChromium chromium) throws Exception {
        Instant deadline = Instant.now().plus(HeadlessChromium.deadline());
        while (Instant.now().isBefore(deadline)) {
            JsonNode shown = chromium.evaluate(RENDERED);
            if (shown.isTextual()) return Json.MAPPER.readTree(shown.asText());
            Thread.sleep(200); // poll the page until Swagger UI has rendered, bounded by the deadline
        }
        throw new AssertionError("Swagger UI did not render /openapi.json within " + HeadlessChromium.deadline() + "; body: "
                + chromium.evaluate("document.body.innerText.slice(0, 500)"));
    }
}
