package casino.wallet.ledger;

import casino.wallet.DeadLetters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.Topics;
import casino.infra.TestInfra;
import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 3 for the wallet, on the real broker: a ~600 KB bad record on wallet.commands and on
 * the casino feed is dead-lettered (since issue 21: over the sources' bound, as a stub with the first
 * bytes and the original size; bounded headers) and the next good record on the same partition is applied.
 */
class PoisonRecordTest {
    static final int SIZE = 600_000;

    @Test
    void givenA600KbBadRecordOnEachInput_thenEachIsDeadLettered_andTheNextGoodRecordOnItsPartitionIsApplied(@TempDir Path dir) {
        Map<String, String> env = WalletFixture.env("poison", dir);
        String prefix = env.get(WalletSettings.WALLET_TOPIC_PREFIX);
        String casinoTopic = env.get(WalletSettings.WALLET_CASINO_TOPIC);
        byte[] badCommand = new byte[SIZE];
        Arrays.fill(badCommand, (byte) 0xff); // a varint that never ends: not a Command
        byte[] badEvent = ("{\"id\": \"" + "x".repeat(SIZE) + "\"}").getBytes();
        try (WalletService wallet = WalletService.start(WalletFixture.config(env))) {
            WalletClient client = new WalletClient(wallet.port());
            // Given a huge bad record ahead of good ones on the same partitions (same keys)
            try (KafkaProducer<String, byte[]> commands = producer(new StringSerializer());
                 KafkaProducer<Long, byte[]> casino = producer(new LongSerializer())) {
                commands.send(new ProducerRecord<>(prefix + "wallet.commands", "w-poison", badCommand)).get();
                casino.send(new ProducerRecord<>(casinoTopic, 77L, badEvent)).get();
                CasinoEvent deposit = new CasinoEvent(1L, 77L, null, EventType.DEPOSIT, 1_234L, "EUR", null,
                        Instant.parse("2026-01-10T12:00:00Z"), 1_234L, null, null);
                casino.send(new ProducerRecord<>(casinoTopic, 77L, Topics.EVENT_SERDE.serializer().serialize(casinoTopic, deposit))).get();
            } catch (Exception e) {
                throw new AssertionError("could not produce the records", e);
            }
            // When the next good command arrives, Then it is applied
            Response good = client.deposit("w-poison", "5", null);
            assertEquals(200, good.status(), "the command after the poison record is applied: " + good);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            Response player;
            while ((player = client.get("/details/player-77")).status() != 200) {
                assertTrue(Instant.now().isBefore(deadline), "the casino deposit after the poison record is applied: " + player);
                sleep();
            }
            assertEquals(0, new BigDecimal("12.34").compareTo(player.json().get("Balance").decimalValue()));

            // And both bad records are on wallet.dlq, bytes unchanged, headers bounded
            List<ConsumerRecord<byte[], byte[]>> dead = DeadLetters.await(prefix + "wallet.dlq", r -> r.size() >= 2, Duration.ofSeconds(30), "2 dead letters");
            ConsumerRecord<byte[], byte[]> command = dead.stream()
                    .filter(r -> (prefix + "wallet.commands").equals(DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC)))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter from wallet.commands: " + dead));
            // over the sources' bound (256 KiB) and over DeadLetter.MAX_WHOLE_BYTES: dead-lettered by Streams' handler as a stub
            assertArrayEquals(Arrays.copyOf(badCommand, DeadLetter.STUB_PREFIX_BYTES), command.value());
            assertEquals("true", DeadLetter.header(command.headers(), DeadLetter.STUB));
            assertEquals(Integer.toString(SIZE + "w-poison".length()), DeadLetter.header(command.headers(), DeadLetter.ORIGINAL_BYTES));
            assertTrue(DeadLetter.header(command.headers(), DeadLetter.REASON).contains("over the bound"));
            assertEquals("wallet", DeadLetter.header(command.headers(), DeadLetter.SERVICE));
            ConsumerRecord<byte[], byte[]> event = dead.stream()
                    .filter(r -> casinoTopic.equals(DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC)))
                    .findFirst().orElseThrow(() -> new AssertionError("no dead letter from the casino feed: " + dead));
            assertArrayEquals(Arrays.copyOf(badEvent, DeadLetter.STUB_PREFIX_BYTES), event.value());
            assertTrue(DeadLetter.header(event.headers(), DeadLetter.REASON).contains("over the bound"));
            for (ConsumerRecord<byte[], byte[]> r : dead) {
                for (Header h : r.headers()) assertTrue(h.value().length <= DeadLetter.MAX_HEADER_BYTES, h.key() + " is bounded");
            }
        }
    }

    private static <K> KafkaProducer<K, byte[]> producer(org.apache.kafka.common.serialization.Serializer<K> keys) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), keys, new ByteArraySerializer());
    }

    private static void sleep() {
        try {
            Thread.sleep(100); // poll interval, bounded by the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
