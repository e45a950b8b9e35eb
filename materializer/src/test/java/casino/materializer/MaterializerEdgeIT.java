package casino.materializer;

import static casino.materializer.Fixtures.await;
import static casino.materializer.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.RecordLimit;
import casino.infra.TestInfra;
import casino.infra.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The materializer on the real broker against records far larger than any event, in the value or in a header. */
class MaterializerEdgeIT {
    private static final int TWO_MB = 2 * 1024 * 1024;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] event(long id) {
        CasinoEvent e = CasinoEvent.raw(id, 10, 100L, EventType.BET, 300L, "EUR", false, Instant.parse("2026-12-07T18:00:00Z"))
                .withAmountEur(300L);
        return bytes(Json.write(e));
    }

    @Test
    void givenA2MbRecordAndA2MbHeaderOnTheEnrichedTopic_whenConsumed_thenBothAreDeadLetteredSmallAndCountingGoesOn(@TempDir Path state)
            throws Exception {
        String topic = Fixtures.uniqueTopic("mat-edge");
        byte[] key = new LongSerializer().serialize("t", 10L);
        byte[] huge = bytes("{\"id\":1,\"description\":\"" + "x".repeat(TWO_MB) + "\"}");
        RecordHeaders bigHeader = new RecordHeaders();
        bigHeader.add("x-upstream-trace", bytes("y".repeat(TWO_MB)));
        try (MaterializerService app = Fixtures.start(topic, "mat-edge-" + UUID.randomUUID(), state);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip", ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, key, huge)).get();
            producer.send(new ProducerRecord<>(topic, 0, null, key, event(2), bigHeader)).get();
            producer.send(new ProducerRecord<>(topic, 0, key, event(3))).get();

            await("the event behind the two big records counted", () -> get(app.port(), "/materialized").json(),
                    b -> b.has("events_total") && b.get("events_total").asLong() == 1);
            List<ConsumerRecord<byte[], byte[]>> dlq = TopicReader.fromStart(topic + ".dlq", new ByteArrayDeserializer(),
                    new ByteArrayDeserializer(), 2, Fixtures.DEADLINE);
            assertEquals(2, dlq.size(), "both big records dead-lettered");
            assertEquals("true", DeadLetter.header(dlq.get(0).headers(), DeadLetter.STUB), "a stub of the 2 MB value");
            assertEquals(DeadLetter.STUB_PREFIX_BYTES, dlq.get(0).value().length);
            assertTrue(RecordLimit.headersSize(dlq.get(1).headers()) < 8 * 1024, "the 2 MB header is not copied");
            assertEquals(new String(event(2), StandardCharsets.UTF_8), new String(dlq.get(1).value(), StandardCharsets.UTF_8));
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                String reason = DeadLetter.header(r.headers(), DeadLetter.REASON);
                assertTrue(reason.startsWith("deserialization: ") && reason.contains("over the bound"), reason);
                assertEquals("materializer", DeadLetter.header(r.headers(), DeadLetter.SERVICE));
            }

            Fixtures.Response ready = get(app.port(), "/ready");
            assertEquals(200, ready.status(), ready.body());
            producer.send(new ProducerRecord<>(topic, 0, key, event(4))).get();
            await("a later event counted too", () -> get(app.port(), "/materialized").json(), b -> b.has("events_total") && b.get("events_total").asLong() == 2);
        }
    }
}
