package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.kafka.Topics;
import casino.infra.TestInfra;
import casino.infra.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;

/** The generator's ids on the real broker, each test on a topic of its own: never negative, never repeated. */
class GeneratorIdsIT {
    private static final int PARTITIONS = 6;
    private final Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0"));
    private final Topic<Long, CasinoEvent> topic = new Topic<>("gen-ids-" + UUID.randomUUID(), Topics.CASINO_EVENTS.keySerde(),
            Topics.CASINO_EVENTS.valueSerde(), PARTITIONS);

    private int generate(int count, PrintStream err) {
        return GeneratorMain.run(new String[] {"--count", Integer.toString(count), "--max"}, config, err, topic);
    }

    /** A record with id {@code id} on every partition, written by someone else (or pretending to be us). */
    private void writeOnEveryPartition(long id, boolean withOurMark) {
        TopicAdmin.ensure(config, List.of(topic), Duration.ofSeconds(60));
        byte[] value = ("{\"id\":" + id + ",\"player_id\":10,\"game_id\":100,\"type\":\"game_start\","
                + "\"created_at\":\"2022-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < PARTITIONS; p++) {
                var record = new ProducerRecord<>(topic.name(), p, new LongSerializer().serialize(topic.name(), 10L), value);
                if (withOurMark) record.headers().add(IdSequence.MARK);
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** The ids of every record on the topic that carries the generator's mark. */
    private List<Long> ourIds(int expectedRecords) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.fromStart(topic.name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer(), expectedRecords, Duration.ofSeconds(60));
        assertEquals(expectedRecords, records.size(), "records on " + topic.name());
        return records.stream().filter(r -> r.headers().lastHeader(IdSequence.HEADER) != null)
                .map(r -> topic.valueSerde().deserializer().deserialize(topic.name(), r.value()).id()).sorted().toList();
    }

    @Test
    void givenARecordWithTheHighestIdWrittenBySomeoneElse_whenTheGeneratorRunsAgain_thenItContinuesAfterItsOwnIds() {
        assertEquals(0, generate(20, System.err));
        writeOnEveryPartition(Long.MAX_VALUE, false);

        assertEquals(0, generate(20, System.err));

        List<Long> ids = ourIds(20 + PARTITIONS + 20);
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList(), ids,
                "no negative id, no repeated id: the second run continues after the first");
    }

    @Test
    void givenItsOwnIdAtLongMaxValue_whenTheGeneratorStarts_thenItExitsWithAClearErrorAndWritesNothing() {
        writeOnEveryPartition(Long.MAX_VALUE, true);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = generate(5, new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, exit, message);
        assertTrue(message.startsWith("generator: error: ") && message.contains("9223372036854775807") && message.contains("no id is left"),
                message);
        assertEquals(List.of(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE),
                ourIds(PARTITIONS), "nothing written after them");
    }

    @Test
    void givenTheLastId_whenHandedOut_thenTheNextCallFailsInsteadOfWrapping() {
        IdSequence ids = IdSequence.startingAt(Long.MAX_VALUE - 1);
        assertEquals(Long.MAX_VALUE - 1, ids.next());
        assertEquals(Long.MAX_VALUE, ids.next());
        assertThrows(IdSequence.Exhausted.class, ids::next);
    }
}
