package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.HoldStatus;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.topics.WalletTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holds on the topology: their events on wallet.events with event-type headers, the store, and the expiry by wall clock. */
class HoldTopologyTest {
    final LedgerFixture given = new LedgerFixture();
    @TempDir
    Path stateDir;

    @Test
    void givenHoldsPlacedCapturedAndVoided_andOneLeftToExpire_thenEachEventHasItsType_andTheExpiryFiresAtItsTime() {
        try (TopologyTestDriver driver = LedgerFixture.driver(stateDir, "wallet-holds-test", LedgerFixture.T0, new SimpleMeterRegistry())) {
            TestInputTopic<String, Command> commands = driver.createInputTopic(LedgerFixture.TOPICS.commands().name(),
                    Serdes.String().serializer(), WalletTopics.COMMAND_SERDE.serializer());
            TestOutputTopic<String, WalletEvent> events = driver.createOutputTopic(LedgerFixture.TOPICS.events().name(),
                    Serdes.String().deserializer(), WalletTopics.EVENT_SERDE.deserializer());
            commands.pipeInput("w", given.create("w", "EUR"));
            commands.pipeInput("w", given.post("w", "100.00", "fund", 0));
            events.readRecordsToList();
            commands.pipeInput("w", given.hold("w", "60.00", "h1", 0, 900));
            commands.pipeInput("w", given.hold("w", "10.00", "h2", 0, 60));
            List<TestRecord<String, WalletEvent>> placed = events.readRecordsToList();
            Hold first = placed.get(0).value().getHold();
            Hold second = placed.get(2).value().getHold();
            commands.pipeInput("w", given.capture("w", first.getId(), "10.00", true, "c1", 1));
            commands.pipeInput("w", given.voidHold("w", first.getId(), "v1", 2));
            assertEquals(List.of("Outcome", "HoldPlaced", "Outcome", "HoldPlaced"), types(placed));
            assertEquals(List.of("Outcome", "TransactionCreated", "BalanceChanged", "HoldCaptured", "Outcome", "HoldReleased"),
                    types(events.readRecordsToList()));
            var holds = driver.<String, Hold>getKeyValueStore(WalletTopics.HOLDS.name());
            assertEquals(HoldStatus.VOIDED, holds.get(StoreKeys.hold(first)).getStatus());

            driver.advanceWallClockTime(Duration.ofSeconds(59));
            assertEquals(List.of(), types(events.readRecordsToList()), "not before expires_at");
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            List<TestRecord<String, WalletEvent>> expired = events.readRecordsToList();
            assertEquals(List.of("Outcome", "HoldReleased"), types(expired));
            assertEquals("expired", expired.get(1).value().getHoldReleased().getReason());
            assertEquals(HoldStatus.EXPIRED, holds.get(StoreKeys.hold(second)).getStatus());
            driver.advanceWallClockTime(Duration.ofSeconds(900));
            List<TestRecord<String, WalletEvent>> voidedTimer = events.readRecordsToList();
            assertEquals(List.of("Outcome"), types(voidedTimer), "the voided hold's timer changes nothing");
            assertEquals("hold voided", voidedTimer.get(0).value().getReason());
            assertEquals(0, driver.<String, casino.contract.wallet.proto.WalletState>getKeyValueStore(WalletTopics.BALANCES.name())
                    .get("w").getHeldMinor());
        }
    }

    static List<String> types(List<TestRecord<String, WalletEvent>> records) {
        List<String> types = new ArrayList<>();
        for (TestRecord<String, WalletEvent> r : records) {
            types.add(new String(r.headers().lastHeader(WalletTopics.EVENT_TYPE_HEADER).value(), StandardCharsets.UTF_8));
        }
        return types;
    }
}
