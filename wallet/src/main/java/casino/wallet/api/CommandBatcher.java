package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.wallet.topics.WalletTopics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Edge batching of wallet.commands, adaptive: a command for a partition with no send in flight leaves at once
 * as a single {@code Command} record (no added wait when idle); commands that arrive while one is in flight
 * wait for its acknowledgement and then leave together as one {@link CommandBatch} record (at most
 * {@code maxItems} and {@link #MAX_BYTES}), produced to the partition their wallet ids map to with Kafka's
 * default partitioner and keyed by the first item's wallet id. One send in flight per partition keeps each
 * partition's commands in arrival order. Known gap: a batch the broker refuses fails all its requests (503).
 */
final class CommandBatcher {
    /** Bytes of commands per batch record, under the ledger's source bound (RecordLimit, 256 KiB with headers). */
    static final int MAX_BYTES = 192 * 1024;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int maxItems;
    private final Function<Throwable, ApiException> refusal;
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();

    private record Item(String key, Command command, CompletableFuture<?> outcome, CompletableFuture<Void> acknowledged) {}

    /** One partition's sender: whether a record is in flight, and the commands waiting for it. */
    private static final class Slot {
        final int partition;
        boolean inFlight;
        final ArrayDeque<Item> waiting = new ArrayDeque<>();

        Slot(int partition) {
            this.partition = partition;
        }
    }

    CommandBatcher(KafkaProducer<String, byte[]> producer, String topic, int maxItems, Function<Throwable, ApiException> refusal) {
        this.producer = producer;
        this.topic = topic;
        this.maxItems = maxItems;
        this.refusal = refusal;
    }

    CompletableFuture<Void> send(String key, Command command, CompletableFuture<?> outcome) {
        int partitions = producer.partitionsFor(topic).size();
        int partition = WalletTopics.partitionOf(key, partitions);
        Item item = new Item(key, command, outcome, new CompletableFuture<>());
        Slot slot = slots.computeIfAbsent(partition, Slot::new);
        synchronized (slot) {
            if (slot.inFlight) {
                slot.waiting.add(item);
                return item.acknowledged();
            }
            slot.inFlight = true;
        }
        produce(slot, partitions, List.of(item));
        return item.acknowledged();
    }

    private void produce(Slot slot, int partitions, List<Item> items) {
        ProducerRecord<String, byte[]> record;
        if (items.size() == 1) {
            record = new ProducerRecord<>(topic, slot.partition, items.get(0).key(), items.get(0).command().toByteArray());
        } else {
            CommandBatch.Builder batch = CommandBatch.newBuilder().setPartitions(partitions);
            items.forEach(i -> batch.addCommands(i.command()).addWalletIds(i.key()));
            RecordHeaders headers = new RecordHeaders();
            headers.add(WalletTopics.COMMAND_BATCH_HEADER, new byte[] {1});
            record = new ProducerRecord<>(topic, slot.partition, items.get(0).key(), batch.build().toByteArray(), headers);
        }
        try {
            producer.send(record, (metadata, e) -> {
                done(items, e);
                next(slot);
            });
        } catch (RuntimeException e) {
            done(items, e);
            next(slot);
        }
    }

    private void done(List<Item> items, Exception e) {
        for (Item i : items) {
            if (e == null) {
                i.acknowledged().complete(null);
            } else {
                ApiException refused = refusal.apply(e);
                i.acknowledged().completeExceptionally(refused);
                i.outcome().completeExceptionally(refused);
            }
        }
    }

    /** After an acknowledgement: the commands that waited leave as one record, or the partition is idle again. */
    private void next(Slot slot) {
        List<Item> batch = new ArrayList<>();
        synchronized (slot) {
            int bytes = 0;
            while (!slot.waiting.isEmpty() && batch.size() < maxItems) {
                int size = slot.waiting.peekFirst().command().getSerializedSize() + 8;
                if (!batch.isEmpty() && bytes + size > MAX_BYTES) break;
                bytes += size;
                batch.add(slot.waiting.pollFirst());
            }
            if (batch.isEmpty()) {
                slot.inFlight = false;
                return;
            }
        }
        produce(slot, producer.partitionsFor(topic).size(), batch);
    }
}
