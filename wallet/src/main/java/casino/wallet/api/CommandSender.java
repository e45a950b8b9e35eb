package casino.wallet.api;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.wallet.topics.WalletTopics;
import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.wallet.ledger.LedgerTracing;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes commands to wallet.commands keyed by wallet id (idempotent producer, acks=all) without
 * blocking the request on the broker, one record each or batched per partition ({@link CommandBatcher});
 * a command the broker did not take is a 503, so the client may retry.
 */
public final class CommandSender implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CommandBatcher batcher;

    public CommandSender(Config config, String topic) {
        this(config, topic, 1, 1);
    }

    /**
     * A sender that batches at the edge when {@code maxBatch} > 1 ({@link CommandBatcher}): only for wallet.commands,
     * whose ledger reads a CommandBatch record.
     */
    public static CommandSender batching(Config config, String topic, int maxBatch) {
        return new CommandSender(config, topic, maxBatch, DEFAULT_QUEUE_MAX);
    }

    /** As {@link #batching(Config, String, int)}, at most {@code queueMax} commands waiting (WALLET_QUEUE_MAX), then 503 overloaded. */
    public static CommandSender batching(Config config, String topic, int maxBatch, int queueMax) {
        return new CommandSender(config, topic, maxBatch, queueMax);
    }

    /** The default of WALLET_QUEUE_MAX. */
    public static final int DEFAULT_QUEUE_MAX = 10_000;

    private CommandSender(Config config, String topic, int maxBatch, int queueMax) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000), new StringSerializer(), new ByteArraySerializer());
        this.batcher = maxBatch > 1 ? new CommandBatcher(producer, topic, maxBatch, queueMax, CommandSender::notTaken) : null;
    }

    /**
     * Hands the command to the producer without waiting for the broker. Returns its acknowledgement;
     * a command the broker does not take also fails {@code outcome} (with a 503), so whoever waits
     * for the outcome learns it at once.
     */
    public CompletableFuture<Void> send(String walletId, Command command, CompletableFuture<?> outcome) {
        if (batcher != null) return batcher.send(walletId, command, outcome);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, walletId, command.toByteArray());
            LedgerTracing.header(record.headers(), command); // trace: the command's traceparent as a header too
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    acknowledged.complete(null);
                } else {
                    ApiException refused = notTaken(e);
                    acknowledged.completeExceptionally(refused);
                    outcome.completeExceptionally(refused);
                }
            });
        } catch (RuntimeException e) {
            throw notTaken(e);
        }
        return acknowledged;
    }

    /** The topic's partition count, from the producer's metadata. */
    public int partitions() {
        return producer.partitionsFor(topic).size();
    }

    /** The partition Kafka's default partitioner gives {@code key} (the murmur2 hash of its UTF-8 bytes). */
    public int partitionOf(String key) {
        return WalletTopics.partitionOf(key, partitions());
    }

    /** Waits for the broker's acknowledgement of a sent command: a 503 if it did not take it. */
    public static void confirm(CompletableFuture<Void> acknowledged) {
        try {
            acknowledged.get(12, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ApiException refused ? refused : notTaken(e.getCause());
        } catch (TimeoutException e) {
            throw notTaken(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted", 1);
        }
    }

    private static ApiException notTaken(Throwable e) {
        return ApiException.unavailable("the ledger did not take the command: " + e.getMessage(), 1);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            producer.close(Duration.ofSeconds(3)); // acknowledgements still pending are handed to the batcher's thread
            if (batcher != null) batcher.close();
        }
    }
}
