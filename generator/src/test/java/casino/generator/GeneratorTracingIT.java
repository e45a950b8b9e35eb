package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import casino.infra.TestInfra;
import casino.infra.TopicReader;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** On the real broker: each published event is a trace of its own, its publish span named in the record's traceparent. */
class GeneratorTracingIT {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0"));
    private final Topic<Long, CasinoEvent> topic = new Topic<>("gen-trace-" + UUID.randomUUID(), Topics.CASINO_EVENTS.keySerde(),
            Topics.CASINO_EVENTS.valueSerde(), 2);

    @BeforeEach
    void traced() {
        Tracing.install(Tracing.forTests("generator", spans));
    }

    @AfterEach
    void reset() {
        Tracing.reset();
    }

    @Test
    void givenFiveEvents_whenPublished_thenEachRecordNamesItsOwnEndedPublishSpan() {
        assertEquals(0, GeneratorMain.run(new String[] {"--count", "5", "--max"}, config, System.err, topic));

        List<String> traceparents = records(5).stream()
                .map(r -> new String(r.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8)).toList();
        List<SpanData> published = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("casino.events publish")).toList();
        assertEquals(5, published.size(), "every span ended (with its acknowledgement) before run returned");
        Set<String> named = published.stream().map(s -> "00-" + s.getTraceId() + "-" + s.getSpanId()).collect(Collectors.toSet());
        assertEquals(named, traceparents.stream().map(t -> t.substring(0, t.lastIndexOf('-'))).collect(Collectors.toSet()));
        assertEquals(5, published.stream().map(SpanData::getTraceId).distinct().count(), "a trace per event");
        for (SpanData s : published) {
            assertEquals(SpanKind.PRODUCER, s.getKind());
            assertFalse(s.getParentSpanContext().isValid(), "a new trace");
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> records(int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.fromStart(topic.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), expected, Duration.ofSeconds(60));
        assertEquals(expected, records.size(), "records on " + topic.name());
        return records;
    }
}
