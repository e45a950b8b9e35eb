package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.kafka.Topic;
import casino.infra.TestInfra;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.OutcomeBatch;
import casino.contract.wallet.proto.WalletEvent;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Read-your-writes: the tracker answers a waiting request from its outcome record, whatever else is on the topic (real broker). */
class OutcomeTrackerTest {

    @Test
    void givenOutcomesAmongOtherRecords_thenEachWaiterGetsItsOutcomeAndLaterOnesStillArrive() throws Exception {
        Topic<String, String> topic = new Topic<>("tracker-events", Serdes.String(), Serdes.String(), 2);
        TestInfra.createTopics(List.of(topic));
        try (OutcomeTracker tracker = new OutcomeTracker(TestInfra.config(), topic.name(), Duration.ofMinutes(10));
             KafkaProducer<String, byte[]> producer = producer()) {
            var withHeader = tracker.expect("r-1");
            var headerless = tracker.expect("r-2");

            // records the tracker must skip without stopping: an external event, an empty value, an unreadable value,
            // an outcome without headers (never written by the ledger: no fallback parses its value)
            send(producer, topic, outcome("r-2"), null, null);
            send(producer, topic, outcome("r-9"), "TransactionCreated", "r-9");
            send(producer, topic, null, WalletTopics.OUTCOME_EVENT_TYPE, "r-8");
            send(producer, topic, new byte[] {(byte) 0xff, 1, 2}, WalletTopics.OUTCOME_EVENT_TYPE, null);
            send(producer, topic, outcome("r-1"), WalletTopics.OUTCOME_EVENT_TYPE, "r-1");
            producer.flush();

            assertEquals("r-1", OutcomeTracker.await(withHeader, Duration.ofSeconds(20)).orElseThrow().getRequestId());
            // r-2 was sent before r-1 on the same partition: it has been read, and answered nobody
            assertEquals(Optional.empty(), OutcomeTracker.await(headerless, Duration.ofMillis(200)), "a record without headers answers no request");
            assertTrue(tracker.running(), "skipped records must not stop the tracker");
            // an outcome that arrived before anyone asked is kept for wait_for
            assertEquals(Optional.of(1_250L), tracker.await("r-1", Duration.ofSeconds(1)).map(e -> e.getBalance().getMinor()));
            assertEquals(Optional.empty(), tracker.await("r-9", Duration.ofMillis(200)), "an external event answers no request");
        }
    }

    @Test
    void givenOneOutcomesRecordForABatch_thenEveryItemsWaiterIsAnswered_andItsFingerprintIsKnown() throws Exception {
        Topic<String, String> topic = new Topic<>("tracker-batch-events", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        try (OutcomeTracker tracker = new OutcomeTracker(TestInfra.config(), topic.name(), Duration.ofMinutes(10));
             KafkaProducer<String, byte[]> producer = producer()) {
            var first = tracker.expect("b-1");
            var second = tracker.expect("b-2");
            OutcomeBatch batch = OutcomeBatch.newBuilder()
                    .addOutcomes(ByteString.copyFrom(outcome("b-1"))).addRequestIds("b-1").addFingerprints("f-1").addWalletIds("w-1")
                    .addOutcomes(ByteString.copyFrom(outcome("b-2"))).addRequestIds("b-2").addFingerprints("f-2").addWalletIds("w-2")
                    .build();
            send(producer, topic, batch.toByteArray(), WalletTopics.OUTCOMES_EVENT_TYPE, null);
            producer.flush();

            assertEquals("b-1", OutcomeTracker.await(first, Duration.ofSeconds(20)).orElseThrow().getRequestId());
            assertEquals("b-2", OutcomeTracker.await(second, Duration.ofSeconds(20)).orElseThrow().getRequestId());
            assertTrue(tracker.seen("w-2", "f-2"), "each item's wallet and fingerprint, not the record's key");
            assertFalse(tracker.seen("w-1", "f-2"));
        }
    }

    @Test
    void givenAnOutcomeWithANullRequestIdAndOneWithAGarbageValue_whenRead_thenBothAreSkippedAndCounted_andTheNextIsAnswered()
            throws Exception {
        Topic<String, String> topic = new Topic<>("tracker-poison-events", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (OutcomeTracker tracker = new OutcomeTracker(TestInfra.config(), topic.name(), Duration.ofMinutes(10));
             KafkaProducer<String, byte[]> producer = producer()) {
            tracker.meters(new WalletMeters(registry));
            var next = tracker.expect("p-1");
            // Given an outcome whose request-id header has no value (an NPE before), and a garbage outcome batch
            ProducerRecord<String, byte[]> nullHeader = new ProducerRecord<>(topic.name(), "w-1", outcome("p-0"));
            nullHeader.headers().add(WalletTopics.EVENT_TYPE_HEADER, WalletTopics.OUTCOME_EVENT_TYPE.getBytes(StandardCharsets.UTF_8));
            nullHeader.headers().add(WalletTopics.REQUEST_ID_HEADER, null);
            producer.send(nullHeader);
            send(producer, topic, new byte[] {(byte) 0xff, (byte) 0xff, 7}, WalletTopics.OUTCOMES_EVENT_TYPE, null);
            // When the next outcome arrives, Then it is answered and the two are counted as skipped
            send(producer, topic, outcome("p-1"), WalletTopics.OUTCOME_EVENT_TYPE, "p-1");
            producer.flush();
            assertEquals("p-1", OutcomeTracker.await(next, Duration.ofSeconds(20)).orElseThrow().getRequestId());
            assertEquals(2.0, registry.get("wallet.outcome.tracker.skipped").counter().count(), "both skipped and counted");
            assertTrue(tracker.running());
        }
    }

    @Test
    void givenTheLoopFails_whenItIsRestarted_thenTheRestartIsCounted_andLaterOutcomesAreAnswered() throws Exception {
        Topic<String, String> topic = new Topic<>("tracker-restart-events", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (OutcomeTracker tracker = new OutcomeTracker(TestInfra.config(), topic.name(), Duration.ofMinutes(10));
             KafkaProducer<String, byte[]> producer = producer()) {
            tracker.meters(new WalletMeters(registry));
            // Given the consumer's poll fails (a wake-up nobody asked for: the loop left for ever before)
            tracker.wakeUp();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.find("wallet.outcome.tracker.restarts").counter() == null) {
                assertTrue(System.nanoTime() < deadline, "the failure is counted as a restart within 10 s");
                Thread.sleep(10); // poll the counter, bounded by the deadline
            }
            // When an outcome arrives afterwards, Then it is answered
            var later = tracker.expect("x-1");
            send(producer, topic, outcome("x-1"), WalletTopics.OUTCOME_EVENT_TYPE, "x-1");
            producer.flush();
            assertEquals("x-1", OutcomeTracker.await(later, Duration.ofSeconds(20)).orElseThrow().getRequestId());
            assertEquals(1.0, registry.get("wallet.outcome.tracker.restarts").counter().count());
            assertTrue(tracker.running());
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(TestInfra.config())),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static byte[] outcome(String requestId) {
        return WalletEvent.newBuilder().setRequestId(requestId).setWalletId("w-1").setOutcome(Outcome.APPLIED)
                .setBalance(casino.contract.wallet.proto.Money.newBuilder().setMinor(1_250).setCurrency("EUR")).build().toByteArray();
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topic<String, String> topic, byte[] value, String type,
                             String requestId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), "w-1", value);
        if (type != null) record.headers().add(WalletTopics.EVENT_TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
        if (requestId != null) record.headers().add(WalletTopics.REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
    }
}
