package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldCaptured;
import casino.contract.wallet.proto.HoldPlaced;
import casino.contract.wallet.proto.HoldReleased;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.WalletEvent;
import casino.infra.TestInfra;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingClient;
import casino.reporting.ReportingService;
import casino.reporting.WalletEvents;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The mirror of two-phase holds (issue 22, part 2): HoldPlaced, HoldCaptured (its debit is a TransactionCreated of
 * kind capture) and HoldReleased, as the ledger publishes them, become reporting_holds rows and operations, with no
 * dead letter.
 */
class HoldsMirrorIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final String topic = Fixture.newTopic();
    private final WalletEvents events = new WalletEvents();

    static Hold hold(String wallet, long seq, long amount, long captured, long remaining, HoldStatus status, long t0) {
        return Hold.newBuilder().setId(UUID.randomUUID().toString()).setWalletId(wallet).setSeq(seq)
                .setAmount(Money.newBuilder().setMinor(amount).setCurrency("EUR")).setCapturedMinor(captured).setRemainingMinor(remaining)
                .setStatus(status).setCreatedAtMs(t0).setExpiresAtMs(t0 + 900_000).setFingerprint("h-" + seq).build();
    }

    static WalletEvents.Event event(String wallet, String type, WalletEvent.Builder value) {
        return new WalletEvents.Event(wallet, type, value.setWalletId(wallet).build());
    }

    @Test
    void givenHoldsPlacedCapturedVoidedAndExpired_whenMirrored_thenHoldsAndCaptureOperationsAreReported_andNoDeadLetters() {
        String wallet = "w-" + UUID.randomUUID();
        long t0 = System.currentTimeMillis() - 60_000;
        // Given a wallet of 100.00 with three holds of 60.00, 10.00 and 5.00
        List<WalletEvents.Event> in = new ArrayList<>(events.create(wallet, "EUR", Map.of(), t0));
        in.addAll(events.entry(wallet, "deposit", 10_000, Map.of(), t0 + 1));
        Hold captured = hold(wallet, 1, 6_000, 0, 6_000, HoldStatus.HELD, t0 + 2);
        Hold voided = hold(wallet, 2, 1_000, 0, 1_000, HoldStatus.HELD, t0 + 3);
        Hold expired = hold(wallet, 3, 500, 0, 500, HoldStatus.HELD, t0 + 4);
        for (Hold h : List.of(captured, voided, expired)) {
            in.add(event(wallet, "HoldPlaced", WalletEvent.newBuilder().setHoldPlaced(HoldPlaced.newBuilder().setHold(h))));
        }
        // When 10.00 of the first is captured, then 20.00 finally (releasing 30.00), the second voided and the third expires
        List<WalletEvents.Event> part = events.entry(wallet, "capture", -1_000, Map.of(), t0 + 5);
        in.addAll(part);
        in.add(event(wallet, "HoldCaptured", WalletEvent.newBuilder().setHoldCaptured(HoldCaptured.newBuilder()
                .setHold(captured.toBuilder().setCapturedMinor(1_000).setRemainingMinor(5_000)).setEntry(WalletEvents.entryIn(part)))));
        List<WalletEvents.Event> last = events.entry(wallet, "capture", -2_000, Map.of(), t0 + 6);
        in.addAll(last);
        Hold closed = captured.toBuilder().setCapturedMinor(3_000).setRemainingMinor(0).setStatus(HoldStatus.CAPTURED)
                .setClosedAtMs(t0 + 6).build();
        in.add(event(wallet, "HoldCaptured", WalletEvent.newBuilder().setHoldCaptured(HoldCaptured.newBuilder()
                .setHold(closed).setEntry(WalletEvents.entryIn(last)))));
        in.add(event(wallet, "HoldReleased", WalletEvent.newBuilder().setHoldReleased(HoldReleased.newBuilder()
                .setHold(closed).setReleasedMinor(3_000).setReason("final"))));
        in.add(event(wallet, "HoldReleased", WalletEvent.newBuilder().setHoldReleased(HoldReleased.newBuilder()
                .setHold(voided.toBuilder().setStatus(HoldStatus.VOIDED).setRemainingMinor(0).setClosedAtMs(t0 + 7))
                .setReleasedMinor(1_000).setReason("voided"))));
        in.add(event(wallet, "HoldReleased", WalletEvent.newBuilder().setHoldReleased(HoldReleased.newBuilder()
                .setHold(expired.toBuilder().setStatus(HoldStatus.EXPIRED).setRemainingMinor(0).setClosedAtMs(t0 + 900_004))
                .setReleasedMinor(500).setReason("expired"))));

        try (ReportingService service = Fixture.start(topic); EventProducer producer = new EventProducer(topic)) {
            producer.send(in);
            Fixture.await(WAIT, () -> "the expiry mirrored", () -> "expired".equals(MirrorIT.query(
                    "SELECT status FROM reporting_holds WHERE id = ?", expired.getId())));
            ReportingClient client = new ReportingClient(service.port());

            // Then the holds are listed newest first, open and closed, with their figures
            JsonNode holds = client.get("/holds/" + wallet).json();
            assertEquals(3, holds.get("total").asLong());
            List<String> rows = new ArrayList<>();
            holds.get("holds").forEach(h -> rows.add(h.get("status").asText() + " " + h.get("amount").decimalValue().toPlainString()
                    + " " + h.get("captured").decimalValue().toPlainString() + " " + h.get("remaining").decimalValue().toPlainString()));
            assertEquals(List.of("expired 5.00 0.00 0.00", "voided 10.00 0.00 0.00", "captured 60.00 30.00 0.00"), rows);
            assertEquals(1, client.get("/holds/" + wallet + "?status=voided").json().get("total").asLong());
            assertEquals(400, client.get("/holds/" + wallet + "?status=open").status());
            // the captures are debits in the operations and in the totals
            List<String> kinds = new ArrayList<>();
            client.get("/operations/" + wallet).json().get("operations").forEach(o -> kinds.add(o.get("kind").asText()));
            assertEquals(List.of("capture", "capture", "deposit"), kinds);
            JsonNode totals = client.get("/operations/total/" + wallet).json();
            assertEquals("30.00", totals.get("out").decimalValue().abs().toPlainString());
            assertEquals("70.00", MirrorIT.query("SELECT balance::text FROM reporting_wallets WHERE id = ?", wallet));
            // and not one record became a dead letter: they are written before the batch that passes them commits
            assertEquals(0, records(topic + ".dlq"));
        }
    }

    /** How many records a topic holds (0 when it does not exist). */
    static long records(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
