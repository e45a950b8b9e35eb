package casino.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.kafka.DeadLetter;
import casino.wallet.WalletClient.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 1 on the real broker: a 2 MB record (compressed, so the broker takes it) and a record
 * with a 2 MB header on each input of the wallet (wallet.commands, the casino feed, fx.rates) are
 * dead-lettered, the large ones as stubs, with the reason headers; the ledger goes on: a deposit
 * afterwards is answered 200 promptly and /ready stays 200. Before, one such record made the ledger
 * abort its transaction and replace its thread for ever.
 */
class OversizedRecordTest {
    static final int TWO_MB = 2 * 1024 * 1024;

    @Test
    void givenA2MbRecordAndA2MbHeaderOnEachInput_whenTheyAreRead_thenEachIsDeadLettered_andADepositIsAnsweredPromptly(
            @TempDir Path dir) {
        Map<String, String> env = WalletFixture.env("oversized", dir);
        String prefix = env.get(WalletSettings.WALLET_TOPIC_PREFIX);
        List<String> inputs = List.of(prefix + "wallet.commands", env.get(WalletSettings.WALLET_CASINO_TOPIC), prefix + "fx.rates");
        try (WalletService wallet = WalletService.start(WalletFixture.config(env));
             KafkaProducer<byte[], byte[]> producer = DeadLetters.producer()) {
            WalletClient client = new WalletClient(wallet.port());
            assertEquals(200, client.deposit("w-before", "1", null).status(), "the wallet answers before");
            // Given, on each input, a 2 MB value and a small value with a 2 MB header
            for (String topic : inputs) {
                byte[] key = topic.endsWith("fx.rates") ? bytes("USD") : bytes("w-big");
                DeadLetters.send(producer, new ProducerRecord<>(topic, key, new byte[TWO_MB]));
                ProducerRecord<byte[], byte[]> header = new ProducerRecord<>(topic, key, bytes("{}"));
                header.headers().add("huge", new byte[TWO_MB]);
                DeadLetters.send(producer, header);
            }

            // When they have been read, Then each is on wallet.dlq with its reason; the 2 MB values as stubs
            List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.await(prefix + "wallet.dlq",
                    records -> inputs.stream().allMatch(t -> DeadLetters.any(records, t, OversizedRecordTest::stub)
                            && DeadLetters.any(records, t, r -> r.serializedValueSize() < 100)),
                    Duration.ofSeconds(60), "a stub and a header-cut dead letter from each input");
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                assertTrue(DeadLetter.header(r.headers(), DeadLetter.REASON) != null, "a reason: " + DeadLetters.describe(List.of(r)));
                assertEquals("wallet", DeadLetter.header(r.headers(), DeadLetter.SERVICE));
                assertTrue(r.serializedValueSize() <= DeadLetter.STUB_PREFIX_BYTES || r.serializedValueSize() < 100, "bounded value");
                for (Header h : r.headers()) assertTrue(h.value() == null || h.value().length <= DeadLetter.MAX_HEADER_BYTES, h.key());
            }

            // And the ledger goes on: a deposit is answered 200 promptly, /ready is 200, GET /rates answers
            long start = System.nanoTime();
            Response deposit = client.deposit("w-after", "2", null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, deposit.status(), "a deposit after the oversized records: " + deposit);
            assertTrue(millis < 2_000, "answered promptly, took " + millis + " ms");
            assertEquals(200, client.get("/ready").status(), "ready: " + client.get("/ready"));
            assertEquals(200, client.get("/rates").status());
        }
    }

    private static boolean stub(ConsumerRecord<byte[], byte[]> r) {
        return "true".equals(DeadLetter.header(r.headers(), DeadLetter.STUB))
                && Integer.parseInt(DeadLetter.header(r.headers(), DeadLetter.ORIGINAL_BYTES)) >= TWO_MB;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
