package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.topics.WalletTopics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timers: a decision schedules a later command (the internal tick), kept in the ledger's changelogged store
 * wallet-timers and fired by a wall-clock punctuator as an ordinary command, once, across restarts.
 */
class LedgerTimersTest {
    final LedgerFixture given = new LedgerFixture();

    @Nested
    class InMemory {
        final InMemoryLedger ledger = new InMemoryLedger();

        @Test
        void givenATickThatSchedulesAnother_whenItIsDue_thenItFiresOnce_andAgainIsAReplay() {
            ledger.expect(Decision.Applied.class, given.create("w", "EUR"));
            ledger.expect(Decision.Applied.class, given.tick("w", "tick-1", 0, 60_000));
            assertTrue(ledger.fireDue(LedgerFixture.at(59)).isEmpty(), "not due yet");
            List<Decision> fired = ledger.fireDue(LedgerFixture.at(60));
            assertEquals(1, fired.size());
            Decision.Applied applied = assertInstanceOf(Decision.Applied.class, fired.get(0));
            assertEquals("timer:tick-1", applied.outcome().getFingerprint());
            assertEquals("tick", applied.outcome().getCommand());
            assertTrue(ledger.fireDue(LedgerFixture.at(3600)).isEmpty(), "removed once fired");
        }

        @Test
        void givenATickForAnUnknownWallet_thenItIsRefused_andSchedulesNothing() {
            ledger.expect(Decision.Rejected.class, given.tick("nobody", "t", 0, 1000));
            assertTrue(ledger.fireDue(LedgerFixture.at(3600)).isEmpty());
        }
    }

    @Nested
    class OnTheTopology {
        @TempDir
        Path stateDir;
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();

        TopologyTestDriver driver(Instant wallClock) {
            return LedgerFixture.driver(stateDir, "wallet-timers-test", wallClock, meters);
        }

        static List<WalletEvent> fired(TopologyTestDriver driver) {
            TestOutputTopic<String, WalletEvent> events = driver.createOutputTopic(LedgerFixture.TOPICS.events().name(),
                    Serdes.String().deserializer(), WalletTopics.EVENT_SERDE.deserializer());
            return events.readValuesToList().stream().filter(e -> e.getFingerprint().startsWith("timer:")).toList();
        }

        static void send(TopologyTestDriver driver, Command command) {
            TestInputTopic<String, Command> commands = driver.createInputTopic(LedgerFixture.TOPICS.commands().name(),
                    Serdes.String().serializer(), WalletTopics.COMMAND_SERDE.serializer());
            commands.pipeInput(Commands.walletId(command), command);
        }

        static final List<WalletTopics.Store<String, ?>> STORES = List.of(WalletTopics.BALANCES, WalletTopics.FINGERPRINTS,
                WalletTopics.TRANSACTIONS, WalletTopics.TRANSFERS, WalletTopics.TIMERS);
        /** Every record the drivers wrote to the ledger's changelogs, in order, by store. */
        final java.util.Map<String, List<org.apache.kafka.streams.test.TestRecord<String, Object>>> changelogs = new java.util.HashMap<>();

        /** Stops a driver, keeping what it wrote to its stores' changelogs (TopologyTestDriver deletes its state directory on close). */
        @SuppressWarnings("unchecked")
        void stop(TopologyTestDriver driver) {
            for (WalletTopics.Store<String, ?> store : STORES) {
                TestOutputTopic<String, Object> changelog = driver.createOutputTopic("wallet-timers-test-" + store.name() + "-changelog",
                        store.keySerde().deserializer(), (org.apache.kafka.common.serialization.Deserializer<Object>) store.valueSerde().deserializer());
                changelogs.computeIfAbsent(store.name(), k -> new java.util.ArrayList<>()).addAll(changelog.readRecordsToList());
            }
            driver.close();
        }

        /**
         * Starts the task again from its changelogs, as a restarted instance whose local state is gone, or the
         * partition's new owner after a rebalance, restores it before it processes.
         */
        TopologyTestDriver restart(Instant wallClock) {
            TopologyTestDriver driver = driver(wallClock);
            for (WalletTopics.Store<String, ?> store : STORES) {
                org.apache.kafka.streams.state.KeyValueStore<String, Object> restored = driver.getKeyValueStore(store.name());
                for (var record : changelogs.getOrDefault(store.name(), List.of())) {
                    if (record.value() == null) restored.delete(record.key());
                    else restored.put(record.key(), record.value());
                }
            }
            return driver;
        }

        @Test
        void givenAScheduledTick_whenTheWallClockPassesItsTime_acrossRestarts_thenItFiresExactlyOnce() {
            Instant t0 = LedgerFixture.T0;
            TopologyTestDriver first = driver(t0);
            send(first, given.create("w", "EUR"));
            send(first, given.tick("w", "tick-1", 0, 60_000));
            first.advanceWallClockTime(Duration.ofSeconds(30));
            assertTrue(fired(first).isEmpty(), "not due after 30 s");
            // restarted before it is due: the timer is in the task's changelogged store, the new owner fires it
            stop(first);
            TopologyTestDriver second = restart(t0.plusSeconds(30));
            second.advanceWallClockTime(Duration.ofSeconds(35));
            List<WalletEvent> fired = fired(second);
            assertEquals(1, fired.size(), "fired once: " + fired);
            assertEquals(Outcome.APPLIED, fired.get(0).getOutcome());
            assertFalse(fired.get(0).getReplay());
            assertEquals("tick", fired.get(0).getCommand());
            second.advanceWallClockTime(Duration.ofMinutes(10));
            assertTrue(fired(second).isEmpty(), "not again while running");
            io.micrometer.core.instrument.Timer lateness = meters.get("wallet.timer.lateness").timer();
            assertEquals(1, lateness.count());
            assertTrue(lateness.totalTime(TimeUnit.SECONDS) <= 5, "fired within 5 s of its time: " + lateness.totalTime(TimeUnit.SECONDS));
            // restarted again after it fired: the changelog holds the timer's removal, so it does not fire twice
            stop(second);
            try (TopologyTestDriver third = restart(t0.plusSeconds(3600))) {
                try (var it = third.<String, Object>getKeyValueStore(WalletTopics.TIMERS.name()).all()) {
                    assertFalse(it.hasNext(), "the restored store holds no timer");
                }
                third.advanceWallClockTime(Duration.ofMinutes(10));
                assertTrue(fired(third).isEmpty(), "a fired timer does not fire again after a restart");
            }
        }
    }
}
