package casino.common.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.json.Json;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Set-up from the environment, propagation through Kafka headers and strings, and trace ids in JSON logs. */
class TracingTest {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @AfterEach
    void reset() {
        Tracing.reset();
    }

    @Test
    void givenNoEndpoint_whenSpanStarted_thenNothingRecordedButIdsPropagate() {
        Tracing.start("svc", Config.of(Map.of()));

        Span span = Tracing.tracer().spanBuilder("x").startSpan();
        span.end();

        assertFalse(Tracing.recording());
        assertFalse(span.isRecording());
        assertTrue(span.getSpanContext().isValid(), "a trace id is still made");
        assertFalse(span.getSpanContext().isSampled(), "and marked not sampled downstream");
    }

    @Test
    void givenEndpoint_whenStarted_thenSpansAreRecorded() {
        Tracing.start("svc", Config.of(Map.of(Tracing.OTLP_ENDPOINT, "http://127.0.0.1:9")));

        Span span = Tracing.tracer().spanBuilder("x").startSpan();

        assertTrue(Tracing.recording());
        assertTrue(span.isRecording());
        span.end();
    }

    @Test
    void givenSamplerSettings_whenRead_thenKnownOnesAcceptedAndOthersNamed() {
        assertEquals("AlwaysOffSampler", Tracing.sampler(Config.of(Map.of(Tracing.SAMPLER, "always_off"))).getDescription());
        assertTrue(Tracing.sampler(Config.of(Map.of())).getDescription().startsWith("ParentBased{root:AlwaysOnSampler"));
        assertTrue(Tracing.sampler(Config.of(Map.of(Tracing.SAMPLER, "parentbased_traceidratio", Tracing.SAMPLER_ARG, "0.25")))
                .getDescription().contains("0.25"));
        ConfigException e = assertThrows(ConfigException.class, () -> Tracing.sampler(Config.of(Map.of(Tracing.SAMPLER, "sometimes"))));
        assertTrue(e.getMessage().contains(Tracing.SAMPLER));
        assertThrows(ConfigException.class, () -> Tracing.sampler(Config.of(Map.of(Tracing.SAMPLER, "traceidratio", Tracing.SAMPLER_ARG, "2"))));
        assertThrows(ConfigException.class, () -> Tracing.start("svc",
                Config.of(Map.of(Tracing.OTLP_ENDPOINT, "http://x:4317", Tracing.OTLP_PROTOCOL, "grpc"))));
    }

    @Test
    void givenSpan_whenInjectedIntoHeaders_thenExtractedAsItsRemoteChildParent() {
        Tracing.install(Tracing.forTests("svc", spans));
        Span span = Tracing.tracer().spanBuilder("send").startSpan();
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, "stale".getBytes(StandardCharsets.UTF_8));

        TraceHeaders.inject(span, headers);
        Span parent = Span.fromContext(TraceHeaders.extract(headers));

        int count = 0;
        for (var ignored : headers.headers(TraceHeaders.TRACEPARENT)) count++;
        assertEquals(1, count, "the stale traceparent is replaced");
        assertEquals(span.getSpanContext().getTraceId(), parent.getSpanContext().getTraceId());
        assertEquals(span.getSpanContext().getSpanId(), parent.getSpanContext().getSpanId());
        assertTrue(parent.getSpanContext().isRemote());
        assertEquals(TraceHeaders.traceparent(span), new String(headers.lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8));
    }

    @Test
    void givenFieldAndHeaders_whenParentChosen_thenValidFieldWinsElseHeaders() {
        String field = "00-11111111111111111111111111111111-2222222222222222-01";
        RecordHeaders headers = new RecordHeaders();
        headers.add(TraceHeaders.TRACEPARENT, "00-33333333333333333333333333333333-4444444444444444-01".getBytes(StandardCharsets.UTF_8));

        assertEquals("11111111111111111111111111111111", traceId(TraceHeaders.parent(field, headers)));
        assertEquals("33333333333333333333333333333333", traceId(TraceHeaders.parent("", headers)));
        assertEquals("33333333333333333333333333333333", traceId(TraceHeaders.parent("garbage", headers)));
        assertFalse(Span.fromContext(TraceHeaders.parent("", new RecordHeaders())).getSpanContext().isValid());
    }

    @Test
    void givenLogLineInsideSpan_whenEncodedByServiceLogConfig_thenCarriesTraceAndSpanIds() throws Exception {
        Tracing.install(Tracing.forTests("svc", spans));
        Span span = Tracing.tracer().spanBuilder("work").startSpan();

        JsonNode inside;
        try (Scope ignored = span.makeCurrent()) {
            inside = encode("inside a span");
        }
        JsonNode outside = encode("outside");
        span.end();

        assertEquals(span.getSpanContext().getTraceId(), inside.path(TraceJsonProvider.TRACE_ID).asText());
        assertEquals(span.getSpanContext().getSpanId(), inside.path(TraceJsonProvider.SPAN_ID).asText());
        assertEquals("inside a span", inside.path("message").asText());
        assertFalse(outside.has(TraceJsonProvider.TRACE_ID));
    }

    private static String traceId(Context context) {
        return Span.fromContext(context).getSpanContext().getTraceId();
    }

    /** One line as the services' logback.xml writes it (its JSON appender's encoder, on this thread). */
    @SuppressWarnings("unchecked")
    private static JsonNode encode(String message) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = (OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) root.getAppender("STDERR_JSON");
        assertTrue(appender instanceof ConsoleAppender, "logback.xml's appender");
        LoggingEvent event = new LoggingEvent(TracingTest.class.getName(), root, ch.qos.logback.classic.Level.INFO, message, null, null);
        return Json.MAPPER.readTree(appender.getEncoder().encode(event));
    }
}
