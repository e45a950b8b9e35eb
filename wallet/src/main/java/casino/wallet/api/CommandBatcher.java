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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * partition's commands in arrival order. At most {@code queueMax} commands wait in all (WALLET_QUEUE_MAX); one
 * more is refused at once with 503 {@code {"error": "overloaded"}} and {@code Retry-After: 1}. The producer's
 * acknowledgement is handed to the batcher's own thread ({@code wallet-batcher}), which completes the waiting
 * requests and sends the next batch: nothing blocks or sends on the producer's I/O thread. Known gap: a batch the
 * broker refuses fails all its requests (503).
 */
final class CommandBatcher implements AutoCloseable {
    /** Bytes of commands per batch record, under the ledger's source bound (RecordLimit, 256 KiB with headers). */
    static final int MAX_BYTES = 192 * 1024;
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final int maxItems;
    private final Function<Throwable, ApiException> refusal;
    private final Map<Integer, Slot> slots = new ConcurrentHashMap<>();
    private final int queueMax;
    /** Commands waiting in every slot. */
    private final AtomicInteger queued = new AtomicInteger();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wallet-batcher");
        t.setDaemon(true);
        return t;
    });

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

    CommandBatcher(KafkaProducer<String, byte[]> producer, String topic, int maxItems, int queueMax,
                   Function<Throwable, ApiException> refusal) {
        if (queueMax < 1) throw new IllegalArgumentException("queueMax must be at least 1");
        this.queueMax = queueMax;
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
                if (queued.incrementAndGet() > queueMax) {
                    queued.decrementAndGet();
                    throw overloaded();
                }
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
            // the callback runs on the producer's I/O thread: hand the rest to the batcher's thread
            producer.send(record, (metadata, e) -> handOff(slot, items, e));
        } catch (RuntimeException e) {
            done(items, e);
            next(slot);
        }
    }

    private void handOff(Slot slot, List<Item> items, Exception e) {
        try {
            thread.execute(() -> {
                done(items, e);
                next(slot);
            });
        } catch (RejectedExecutionException closed) { // closing: answer without sending anything more
            done(items, e);
            List<Item> rest;
            synchronized (slot) {
                rest = new ArrayList<>(slot.waiting);
                queued.addAndGet(-rest.size());
                slot.waiting.clear();
                slot.inFlight = false;
            }
            done(rest, new IllegalStateException("the wallet is closing"));
        }
    }

    static ApiException overloaded() {
        return new ApiException(503, "overloaded", null, Map.of("Retry-After", "1"));
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                slot.inFlight = false;
                return;
            }
        }
        produce(slot, producer.partitionsFor(topic).size(), batch);
    }
}
