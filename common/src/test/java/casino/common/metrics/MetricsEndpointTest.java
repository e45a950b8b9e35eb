package casino.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus text with JVM, process and per-route HTTP meters; the strict reader. */
class MetricsEndpointTest {
    private static final HttpClient client = HttpClient.newHttpClient();

    static String get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void givenRequests_whenMetricsScraped_thenPrometheusTextWithRouteTemplates() throws Exception {
        ServiceMetrics metrics = ServiceMetrics.create("svc");
        metrics.registry().counter("casino.things").increment(3);
        try (HttpServer server = HttpServer.builder("svc").metrics(metrics)
                .routes(app -> app.get("/items/{id}", ctx -> ctx.result("x"))).start()) {
            get(server.port(), "/items/1");
            get(server.port(), "/items/2");
            get(server.port(), "/nowhere");
            var r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
            List<PrometheusText.Sample> samples = PrometheusText.parse(r.body());
            assertEquals(2.0, PrometheusText.sum(samples, "http_server_requests_seconds_count",
                    "method", "GET", "route", "/items/{id}", "status", "200", "service", "svc"));
            assertEquals(1.0, PrometheusText.sum(samples, "http_server_requests_seconds_count", "route", "NOT_FOUND", "status", "404"));
            assertEquals(3.0, PrometheusText.sum(samples, "casino_things_total", "service", "svc"));
            assertFalse(PrometheusText.matching(samples, "jvm_memory_used_bytes").isEmpty());
            assertFalse(PrometheusText.matching(samples, "process_cpu_usage").isEmpty());
            assertFalse(PrometheusText.matching(samples, "http_server_requests_seconds_bucket", "route", "/items/{id}").isEmpty());
        }
    }

    @Test
    void givenMalformedLines_thenTheReaderNamesTheLine() {
        assertEquals(1, PrometheusText.parse("# HELP a_total x\n# TYPE a_total counter\na_total{k=\"v\\\"q\"} 1.5e3\n").size());
        for (String bad : new String[] {"a b", "a{k=v} 1", "a{k=\"v\"}1", "9a 1", "a 1 2 3", "# TYPE a countr", "a 1d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("line 1 "), e.getMessage());
        }
    }
}
