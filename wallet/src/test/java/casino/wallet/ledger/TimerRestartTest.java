package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.Tick;
import casino.contract.wallet.proto.WalletEvent;
import casino.infra.TestInfra;
import casino.wallet.EventLog;
import casino.wallet.WalletClient;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timers on the real broker across real restarts from the same state directory: a tick scheduled before a
 * stop fires once after the restart, and not again after another restart.
 */
class TimerRestartTest {
    static List<WalletEvent> outcomes(String topic, String fingerprint) {
        return EventLog.readAll(topic, Duration.ofSeconds(30)).stream().filter(e -> e.getFingerprint().equals(fingerprint)).toList();
    }

    static List<WalletEvent> awaitOutcome(String topic, String fingerprint, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<WalletEvent> found = outcomes(topic, fingerprint);
        while (found.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(250); // poll the committed events until the outcome is there or the deadline
            found = outcomes(topic, fingerprint);
        }
        return found;
    }

    @Test
    void givenATickScheduledBeforeAStop_whenTheLedgerRestartsFromTheSameStateDirectory_thenItFiresOnce_andNotAgainAfterAnotherRestart(
            @TempDir Path dir) throws Exception {
        Map<String, String> env = WalletFixture.env("timer-restart", dir);
        String prefix = env.get(WalletSettings.WALLET_TOPIC_PREFIX);
        String events = prefix + "wallet.events";
        long due;
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            assertEquals(201, new WalletClient(w.port()).post("/wallets", "{\"id\": \"w-timer\"}").status());
            long now = System.currentTimeMillis();
            due = now + 20_000;
            Command tick = Command.newBuilder().setRequestId("tick-req").setFingerprint("tick-1")
                    .setTick(Tick.newBuilder().setWalletId("w-timer").setCreatedAtMs(now).setThenAfterMs(20_000)).build();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(prefix + "wallet.commands", "w-timer", tick.toByteArray())).get();
            }
            List<WalletEvent> scheduled = awaitOutcome(events, "tick-1", Duration.ofSeconds(30));
            assertEquals(Outcome.APPLIED, scheduled.get(0).getOutcome(), scheduled.toString());
        }
        // on a slow machine the first run may outlive the due time (then it fired already): exactly once either way
        if (System.currentTimeMillis() < due) assertTrue(outcomes(events, "timer:tick-1").isEmpty(), "not fired before its time");
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            List<WalletEvent> fired = awaitOutcome(events, "timer:tick-1", Duration.ofSeconds(60));
            assertEquals(1, fired.size(), "fired after the restart: " + fired);
            assertEquals(Outcome.APPLIED, fired.get(0).getOutcome());
            assertEquals(due, fired.get(0).getCreatedAtMs(), "the fired tick's time is its due time");
        }
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            Thread.sleep(3000); // three punctuations of the restarted ledger
        }
        assertEquals(1, outcomes(events, "timer:tick-1").size(), "fired once, not again after another restart");
    }
}
