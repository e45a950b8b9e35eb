package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.kafka.DeadLetter;
import casino.infra.TestInfra;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingClient;
import casino.reporting.ReportingService;
import casino.reporting.WalletEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * No single record stops the mirror (issue #21): a 2 MB value and a 2 MB header (written compressed,
 * so the broker takes them), an empty value and random bytes, among good events on the real broker.
 */
class PoisonRecordsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int TWO_MB = 2 * 1024 * 1024;
    private final String topic = Fixture.newTopic();
    private final WalletEvents events = new WalletEvents();

    @Test
    void givenHugeEmptyAndGarbageRecordsAmongGoodEvents_whenMirrored_thenTheyAreDeadLettersAndTheMirrorGoesOn() throws Exception {
        String wallet = "w-" + UUID.randomUUID();
        byte[] hugeValue = new byte[TWO_MB];
        Arrays.fill(hugeValue, (byte) 0); // compresses to almost nothing, and is not protobuf (a field number of 0)
        byte[] random = new byte[64];
        new Random(21).nextBytes(random);
        random[0] = 0; // a field number of 0 is never valid protobuf, whatever the rest
        try (ReportingService service = Fixture.start(topic); EventProducer producer = new EventProducer(topic);
             KafkaProducer<byte[], byte[]> gzip = gzipProducer()) {
            // Given a wallet and two deposits, then the poison, then two more deposits (one key: one partition, in order)
            List<WalletEvents.Event> before = new ArrayList<>(events.create(wallet, "EUR", Map.of(), 1_000));
            before.addAll(events.entry(wallet, "deposit", 100, Map.of(), 2_000));
            before.addAll(events.entry(wallet, "deposit", 200, Map.of(), 3_000));
            producer.send(before);
            byte[] key = wallet.getBytes(StandardCharsets.UTF_8);
            gzip.send(new ProducerRecord<>(topic, key, hugeValue)).get();
            RecordHeaders bigHeader = new RecordHeaders();
            bigHeader.add("event-type", "TransactionCreated".getBytes(StandardCharsets.UTF_8));
            bigHeader.add("blob", hugeValue);
            byte[] goodValue = events.entry(wallet, "deposit", 5_000, Map.of(), 4_000).get(1).value().toByteArray();
            gzip.send(new ProducerRecord<>(topic, null, key, goodValue, bigHeader)).get();
            producer.sendRaw(wallet, new byte[0]);
            producer.sendRaw(wallet, random);
            List<WalletEvents.Event> after = new ArrayList<>(events.entry(wallet, "deposit", 300, Map.of(), 5_000));
            after.addAll(events.entry(wallet, "deposit", 400, Map.of(), 6_000));
            producer.send(after);

            // When the mirror has read them all, Then exactly the four good deposits are rows (not the one with 2 MB of header)
            Fixture.Entries mirrored = Fixture.awaitEntries(List.of(wallet), 4, WAIT);
            assertEquals(4, mirrored.count(), mirrored.toString());
            assertEquals(new java.math.BigDecimal("10.00"), mirrored.sum());

            // and the four bad ones are dead letters with their reasons, the big ones as stubs
            Map<String, ConsumerRecord<byte[], byte[]>> dead = deadLetters(topic + ".dlq", 4);
            ConsumerRecord<byte[], byte[]> big = dead.values().stream().filter(r -> r.value().length == DeadLetter.STUB_PREFIX_BYTES
                    && r.value()[0] == 0).findFirst().orElseThrow(() -> new AssertionError("no stub of the 2 MB value: " + dead.keySet()));
            assertEquals("true", DeadLetter.header(big.headers(), DeadLetter.STUB));
            assertEquals(Integer.toString(key.length + TWO_MB), DeadLetter.header(big.headers(), DeadLetter.ORIGINAL_BYTES));
            assertTrue(DeadLetter.header(big.headers(), DeadLetter.REASON).contains("over the bound"), reasons(dead));
            ConsumerRecord<byte[], byte[]> header = dead.values().stream().filter(r -> Arrays.equals(goodValue, r.value()))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter of the 2 MB header: " + reasons(dead)));
            assertEquals("true", DeadLetter.header(header.headers(), DeadLetter.STUB));
            assertTrue(DeadLetter.header(header.headers(), DeadLetter.REASON).contains("over the bound"), reasons(dead));
            assertEquals(null, header.headers().lastHeader("blob"), "the 2 MB header is not copied");
            assertTrue(dead.containsKey("empty value"), reasons(dead));
            assertTrue(dead.keySet().stream().anyMatch(r -> r.startsWith("malformed protobuf")), reasons(dead));
            long lastBad = dead.values().stream().mapToLong(r -> Long.parseLong(
                    DeadLetter.header(r.headers(), DeadLetter.SOURCE_OFFSET))).max().orElseThrow();

            // and the offset committed in Postgres is past them, /ready stays 200, the dead letters are counted
            int partition = dead.values().stream().map(r -> DeadLetter.header(r.headers(), DeadLetter.SOURCE_PARTITION))
                    .map(Integer::parseInt).findFirst().orElseThrow();
            long stored = new MirrorStore(TestInfra.dataSource(), topic).load(List.of(partition)).get(partition);
            assertTrue(stored > lastBad, "stored offset " + stored + " is not past the dead letters (last at " + lastBad + ")");
            ReportingClient client = new ReportingClient(service.port());
            Fixture.await(Duration.ofSeconds(10), () -> client.get("/ready").toString(), () -> client.get("/ready").status() == 200);
            assertEquals(null, service.mirror().problem());
            String metrics = client.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*reporting_dead_letters_total\\{[^}]*reason=\"too_large\"[^}]*} 2(\\.0)?\\s.*"), metrics);
            assertTrue(metrics.matches("(?s).*reporting_dead_letters_total\\{[^}]*reason=\"malformed\"[^}]*} 2(\\.0)?\\s.*"), metrics);
        }
    }

    /** A plain producer that compresses (a 2 MB record of repeated bytes fits the broker's 1 MB limit) and may send 8 MB. */
    private static KafkaProducer<byte[], byte[]> gzipProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** At least {@code count} dead letters, by reason. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> deadLetters(String topic, int count) {
        Map<String, ConsumerRecord<byte[], byte[]>> byReason = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Fixture.await(WAIT, () -> all.size() + " dead letters on " + topic + ", expected " + count, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return all.size() >= count;
            });
        }
        for (ConsumerRecord<byte[], byte[]> r : all) {
            String reason = DeadLetter.header(r.headers(), DeadLetter.REASON);
            assertNotNull(reason, "a dead letter without a reason");
            byReason.put(reason, r);
        }
        return byReason;
    }

    private static String reasons(Map<String, ConsumerRecord<byte[], byte[]>> dead) {
        return String.join("; ", dead.keySet());
    }
}
