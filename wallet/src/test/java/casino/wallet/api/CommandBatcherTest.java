package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.http.ApiException;
import casino.common.kafka.Topic;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.WalletEvent;
import casino.infra.TestInfra;
import casino.wallet.topics.WalletTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Edge batching on the real broker: a burst for one partition leaves as few records, every command once, in order. */
class CommandBatcherTest {
    static int partitions;

    @Test
    void givenABurstOfCommandsWhileASendIsInFlight_thenTheyTravelAsBatchRecordsOnTheirWalletsPartition_eachOnceInOrder() throws Exception {
        Topic<String, String> topic = new Topic<>("batcher-burst", Serdes.String(), Serdes.String(), 3);
        TestInfra.createTopics(List.of(topic));
        partitions = partitionCount(topic.name());
        List<String> wallets = IntStream.range(0, 500).mapToObj(n -> "w-" + n).filter(w -> partition(w) == 1).limit(10).toList();
        List<Command> sent = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (CommandSender sender = CommandSender.batching(TestInfra.config(), topic.name(), 32)) {
            for (int i = 0; i < 100; i++) {
                String wallet = wallets.get(i % wallets.size());
                Command c = Command.newBuilder().setRequestId("r-" + i).setFingerprint("f-" + i)
                        .setDeposit(DepositRequest.newBuilder().setWalletId(wallet)).build();
                sent.add(c);
                acks.add(sender.send(wallet, c, new CompletableFuture<WalletEvent>()));
            }
            for (CompletableFuture<Void> ack : acks) ack.get(10, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, byte[]>> records = read(topic.name(), 1);
        List<Command> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.headers().lastHeader(WalletTopics.COMMAND_BATCH_HEADER) == null) {
                received.add(Command.parseFrom(r.value()));
                continue;
            }
            CommandBatch batch = CommandBatch.parseFrom(r.value());
            assertTrue(batch.getCommandsCount() <= 32, "at most the cap per record");
            assertEquals(partitions, batch.getPartitions());
            assertEquals(batch.getWalletIds(0), r.key(), "keyed by the first item's wallet id");
            for (int i = 0; i < batch.getCommandsCount(); i++) {
                assertEquals(batch.getCommands(i).getDeposit().getWalletId(), batch.getWalletIds(i));
            }
            received.addAll(batch.getCommandsList());
        }
        assertEquals(sent, received, "every command once, in the order sent, on partition 1");
        assertTrue(records.size() <= 10, "100 commands sent in a burst left as " + records.size() + " records");
    }

    @Test
    void givenATinyQueueMax_whenABurstExceedsIt_thenTheExtraCommandsAre503Overloaded_andEveryTakenOneTravelsOnce() throws Exception {
        Topic<String, String> topic = new Topic<>("batcher-bound", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        partitions = partitionCount(topic.name());
        List<Command> taken = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        int overloaded = 0;
        try (CommandSender sender = CommandSender.batching(TestInfra.config(), topic.name(), 32, 2)) {
            // Given at most 2 commands may wait, When 300 are sent in a burst to one partition
            for (int i = 0; i < 300; i++) {
                Command c = Command.newBuilder().setRequestId("r-" + i).setFingerprint("f-" + i)
                        .setDeposit(DepositRequest.newBuilder().setWalletId("w-bound")).build();
                try {
                    acks.add(sender.send("w-bound", c, new CompletableFuture<WalletEvent>()));
                    taken.add(c);
                } catch (ApiException e) {
                    // Then the extra ones are refused at once: 503 overloaded, Retry-After
                    assertEquals(503, e.status());
                    assertEquals("overloaded", e.getMessage());
                    assertEquals("1", e.headers().get("Retry-After"));
                    overloaded++;
                }
            }
            for (CompletableFuture<Void> ack : acks) ack.get(10, TimeUnit.SECONDS);
        }
        assertTrue(overloaded > 0, "a burst of 300 against a queue of 2 refuses some");
        // And every command taken travels once, in order
        List<Command> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(topic.name(), partition("w-bound"))) {
            if (r.headers().lastHeader(WalletTopics.COMMAND_BATCH_HEADER) == null) received.add(Command.parseFrom(r.value()));
            else received.addAll(CommandBatch.parseFrom(r.value()).getCommandsList());
        }
        assertEquals(taken, received);
    }

    @Test
    void givenABurst_whenAcknowledgementsArrive_thenNoneIsHandledOnTheProducersIoThread() throws Exception {
        Topic<String, String> topic = new Topic<>("batcher-threads", Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(topic));
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        try (CommandSender sender = CommandSender.batching(TestInfra.config(), topic.name(), 8)) {
            for (int i = 0; i < 200; i++) {
                Command c = Command.newBuilder().setRequestId("t-" + i).setFingerprint("t-" + i)
                        .setDeposit(DepositRequest.newBuilder().setWalletId("w-threads")).build();
                CompletableFuture<Void> ack = sender.send("w-threads", c, new CompletableFuture<WalletEvent>());
                acks.add(ack.thenRun(() -> threads.add(Thread.currentThread().getName())));
            }
            for (CompletableFuture<Void> ack : acks) ack.get(10, TimeUnit.SECONDS);
        }
        assertTrue(threads.stream().noneMatch(t -> t.startsWith("kafka-producer-network-thread")),
                "acknowledgements completed on the I/O thread: " + threads.stream().distinct().toList());
        assertTrue(threads.contains("wallet-batcher"), "the batcher's thread completes them: " + threads.stream().distinct().toList());
    }

    static int partition(String wallet) {
        return BuiltInPartitioner.partitionForKey(wallet.getBytes(StandardCharsets.UTF_8), partitions);
    }

    static int partitionCount(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            return consumer.partitionsFor(topic).size();
        }
    }

    static List<ConsumerRecord<String, byte[]>> read(String topic, int partition) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition p = new TopicPartition(topic, partition);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(20);
            while (consumer.position(p) < end) {
                if (Instant.now().isAfter(deadline)) throw new AssertionError("could not read " + topic + " to its end");
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (int other = 0; other < partitions; other++) {
                TopicPartition q = new TopicPartition(topic, other);
                if (other != partition) assertEquals(0L, consumer.endOffsets(List.of(q)).get(q), "nothing on partition " + other);
            }
            return records;
        }
    }
}
