package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.DeadLetters;
import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletSettings;
import casino.wallet.topics.WalletTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 item 2 on a running wallet: an "Outcome" record on wallet.events whose request-id header has
 * no value (an NPE that stopped the tracker for good: every write then timed out and /ready said 503)
 * and one with a garbage value, written by a plain producer, are skipped and counted; a deposit
 * afterwards is answered within 1 s.
 */
class TrackerPoisonTest {
    @RegisterExtension
    static final RunningWallet WALLET = new RunningWallet("tracker-poison");

    @Test
    void givenUnreadableOutcomesOnWalletEvents_whenADepositFollows_thenItIsAnsweredWithin1s_andTheSkipsAreCounted() {
        String events = WALLET.env().get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        assertEquals(200, WALLET.client().deposit("w-tp", "1", null).status());
        try (KafkaProducer<byte[], byte[]> producer = DeadLetters.producer()) {
            for (int partition = 0; partition < 4; partition++) { // on every partition: the deposit's too
                ProducerRecord<byte[], byte[]> nullId = new ProducerRecord<>(events, partition, bytes("w-tp"), bytes("x"));
                nullId.headers().add(WalletTopics.EVENT_TYPE_HEADER, bytes(WalletTopics.OUTCOME_EVENT_TYPE));
                nullId.headers().add(WalletTopics.REQUEST_ID_HEADER, null);
                DeadLetters.send(producer, nullId);
                ProducerRecord<byte[], byte[]> garbage = new ProducerRecord<>(events, partition, bytes("w-tp"), new byte[] {(byte) 0xff, 3});
                garbage.headers().add(WalletTopics.EVENT_TYPE_HEADER, bytes(WalletTopics.OUTCOME_EVENT_TYPE));
                garbage.headers().add(WalletTopics.REQUEST_ID_HEADER, bytes("r-garbage-" + partition));
                DeadLetters.send(producer, garbage);
            }
        }
        // the unreadable ones are skipped: all 4 null-id records counted (the garbage values are kept, and fail only their waiter)
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (skipped() < 4) {
            assertTrue(Instant.now().isBefore(deadline), "4 skipped records counted, got " + skipped());
            pause();
        }
        long start = System.nanoTime();
        Response deposit = WALLET.client().deposit("w-tp", "2", null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(200, deposit.status(), "deposit after the unreadable outcomes: " + deposit);
        assertTrue(millis < 1_000, "answered within 1 s, took " + millis + " ms");
        assertEquals(200, WALLET.client().get("/ready").status());
    }

    private static double skipped() {
        String metrics = WALLET.client().get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("wallet_outcome_tracker_skipped_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(50); // poll the metric, bounded by the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
