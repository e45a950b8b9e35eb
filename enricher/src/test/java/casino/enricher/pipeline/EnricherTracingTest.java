package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A casino event's trace goes through the enricher: an "enrich" span under it, named on the enriched record. */
class EnricherTracingTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String GENERATOR_SPAN = "b7ad6b7169203331";
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private EnricherDriver fixture;

    @TempDir
    Path stateDir;

    @BeforeEach
    void traced() {
        Tracing.install(Tracing.forTests("enricher", spans));
    }

    @AfterEach
    void stop() {
        fixture.close();
        Tracing.reset();
    }

    private void start(int batchSize) {
        fixture = new EnricherDriver(stateDir, batchSize, Map.of("EUR", BigDecimal.ONE, "USD", new BigDecimal("1.0684")),
                new AtomicBoolean(), new AtomicLong(1), new ByteArrayOutputStream(), new EnricherStats());
    }

    private void sendTraced(long id) {
        CasinoEvent e = CasinoEvent.raw(id, 10, 100L, EventType.GAME_START, null, null, null, Instant.parse("2022-01-10T12:34:00Z"));
        Headers headers = new RecordHeaders().add(TraceHeaders.TRACEPARENT,
                ("00-" + TRACE + "-" + GENERATOR_SPAN + "-01").getBytes(StandardCharsets.UTF_8));
        fixture.events.pipeInput(new TestRecord<>(e.playerId(), e, headers, (Instant) null));
    }

    /** The traceparent of each enriched record, in order. */
    private List<String> enrichedTraceparents() {
        return fixture.rawEnriched.readRecordsToList().stream().map(r -> {
            var h = r.headers().lastHeader(TraceHeaders.TRACEPARENT);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }).toList();
    }

    /** A traceparent without its flags: version, trace id and span id. */
    private static String prefix(String traceparent) {
        return traceparent == null ? null : traceparent.substring(0, traceparent.lastIndexOf('-'));
    }

    private void assertEnrichedUnderTheEvent(List<String> traceparents) {
        List<SpanData> enrich = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("enrich")).toList();
        assertEquals(traceparents.size(), enrich.size(), "one enrich span per event");
        for (int i = 0; i < enrich.size(); i++) {
            SpanData span = enrich.get(i);
            assertEquals(TRACE, span.getTraceId());
            assertEquals(GENERATOR_SPAN, span.getParentSpanId());
            assertEquals("00-" + TRACE + "-" + span.getSpanId(), prefix(traceparents.get(i)), "the output names the enrich span");
        }
    }

    @Test
    void givenTracedEvent_whenEnrichedAtOnce_thenOutputNamesAnEnrichSpanUnderTheEventsTrace() {
        start(1);

        sendTraced(1);

        assertEnrichedUnderTheEvent(enrichedTraceparents());
    }

    @Test
    void givenTracedEvents_whenEnrichedFromThePendingBatch_thenEachKeepsItsTrace() {
        start(50);
        sendTraced(1);
        sendTraced(2);
        assertEquals(List.of(), enrichedTraceparents(), "pending until the linger");

        fixture.driver.advanceWallClockTime(Duration.ofMillis(20));

        List<String> out = enrichedTraceparents();
        assertEquals(2, out.size());
        assertEnrichedUnderTheEvent(out);
    }

    @Test
    void givenEventWithoutTrace_whenEnriched_thenOutputStartsANewTrace() {
        start(1);
        CasinoEvent e = CasinoEvent.raw(1, 10, 100L, EventType.GAME_START, null, null, null, Instant.parse("2022-01-10T12:34:00Z"));

        fixture.events.pipeInput(e.playerId(), e);

        String traceparent = enrichedTraceparents().get(0);
        SpanData span = spans.getFinishedSpanItems().get(0);
        assertFalse(span.getParentSpanContext().isValid());
        assertEquals("00-" + span.getTraceId() + "-" + span.getSpanId(), prefix(traceparent));
    }
}
