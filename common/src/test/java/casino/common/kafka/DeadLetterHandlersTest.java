package casino.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Kafka Streams' own handlers, as every service installs them: a record that throws or is too large goes to the DLQ, the stream goes on. */
class DeadLetterHandlersTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void givenARecordAProcessorThrowsOn_andOneOverTheBound_whenProcessed_thenBothDeadLetteredAndTheStreamGoesOn() {
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in", Consumed.with(RecordLimit.bytes(), RecordLimit.bytes()))
                .mapValues(v -> {
                    if (new String(v, StandardCharsets.UTF_8).equals("poison")) throw new IllegalStateException("poison record");
                    return v;
                })
                .to("out", Produced.with(org.apache.kafka.common.serialization.Serdes.ByteArray(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetterHandlers.install(p, "test-service", "in.dlq", meters);
        try (TopologyTestDriver driver = new TopologyTestDriver(b.build(), p)) {
            TestInputTopic<byte[], byte[]> in = driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("in.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            RecordHeaders bigHeader = new RecordHeaders();
            bigHeader.add("h", new byte[RecordLimit.DEFAULT_MAX_BYTES]);
            in.pipeInput(bytes("k"), bytes("good-1"));
            in.pipeInput(bytes("k"), bytes("poison"));
            in.pipeInput(new TestRecord<>(bytes("k"), bytes("header too big"), bigHeader));
            in.pipeInput(bytes("k"), new byte[2_000_000]);
            in.pipeInput(bytes("k"), bytes("good-2"));

            assertEquals(List.of("good-1", "good-2"), out.readValuesToList().stream().map(v -> new String(v, StandardCharsets.UTF_8)).toList());
            List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
            assertEquals(3, dead.size());
            assertArrayEquals(bytes("poison"), dead.get(0).value());
            assertEquals(IllegalStateException.class.getName(), DeadLetter.header(dead.get(0).headers(), DeadLetter.EXCEPTION));
            assertEquals("test-service", DeadLetter.header(dead.get(0).headers(), DeadLetter.SERVICE));
            assertEquals("in", DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_TOPIC));
            assertEquals("1", DeadLetter.header(dead.get(0).headers(), DeadLetter.SOURCE_OFFSET));
            assertTrue(DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON).startsWith("deserialization"),
                    DeadLetter.header(dead.get(1).headers(), DeadLetter.REASON));
            assertEquals(null, dead.get(1).headers().lastHeader("h"), "the huge header is not copied");
            assertEquals("true", DeadLetter.header(dead.get(2).headers(), DeadLetter.STUB));
            assertEquals(DeadLetter.STUB_PREFIX_BYTES, dead.get(2).value().length);
            assertEquals(3.0, meters.find("streams.records.dead.lettered").counters().stream().mapToDouble(c -> c.count()).sum());
        }
    }
}
