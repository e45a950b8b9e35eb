package casino.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A server span per request, named by the route template, child of the caller's traceparent, current in the handler. */
class HttpTracingTest {
    private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        Tracing.install(Tracing.forTests("http-test", spans));
        server = HttpServer.start("test", 0, List.of(), null, app -> {
            // answers with the span current in the handler, as a traceparent
            app.get("/things/{id}", ctx -> ctx.result(TraceHeaders.traceparent(Span.current())));
            app.get("/broken", ctx -> {
                throw new IllegalStateException("boom");
            });
        });
    }

    @AfterAll
    static void stop() {
        server.close();
        Tracing.reset();
    }

    @BeforeEach
    void clear() {
        spans.reset();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The spans ended so far, waiting for {@code n} (the after-handler may end the span just after the answer). */
    private static List<SpanData> ended(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (spans.getFinishedSpanItems().size() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("expected " + n + " spans, got " + spans.getFinishedSpanItems());
            Thread.sleep(10);
        }
        return spans.getFinishedSpanItems();
    }

    @Test
    void givenCallerTraceparent_whenRouteCalled_thenServerSpanIsItsChildAndCurrentInHandler() throws Exception {
        String caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        var r = get("/things/42", Map.of("traceparent", caller));

        SpanData span = ended(1).get(0);
        assertEquals("GET /things/{id}", span.getName());
        assertEquals(SpanKind.SERVER, span.getKind());
        assertEquals("0af7651916cd43dd8448eb211c80319c", span.getTraceId());
        assertEquals("b7ad6b7169203331", span.getParentSpanId());
        assertEquals(200L, span.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("http.response.status_code")).findFirst().orElseThrow().getValue());
        assertEquals("00-" + span.getTraceId() + "-" + span.getSpanId() + "-01", r.body(), "the handler ran inside the span");
    }

    @Test
    void givenNoTraceparent_whenRouteCalled_thenNewTrace() throws Exception {
        get("/things/1", Map.of());

        SpanData span = ended(1).get(0);
        assertTrue(span.getSpanContext().isValid());
        assertTrue(!span.getParentSpanContext().isValid(), "a root span");
    }

    @Test
    void givenFailingHandler_whenCalled_thenSpanEndsWithErrorStatus() throws Exception {
        var r = get("/broken", Map.of());

        assertEquals(500, r.statusCode());
        SpanData span = ended(1).get(0);
        assertEquals("GET /broken", span.getName());
        assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, span.getStatus().getStatusCode());
    }

    @Test
    void givenProbe_whenCalled_thenNoSpan() throws Exception {
        get("/health", Map.of());
        get("/things/2", Map.of()); // a traced request after it: once its span is in, the probe's would be too

        assertEquals(List.of("GET /things/{id}"), ended(1).stream().map(SpanData::getName).toList());
    }
}
