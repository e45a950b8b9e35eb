package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.wallet.topics.WalletTopics;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Opens a wallet.commands record that carries a {@link CommandBatch} (header {@code command-batch}) into its
 * items, in order, each as the record it stands for (key = its wallet id, value = the Command's bytes), so
 * the ledger decides each as if it had come alone. An unreadable batch, or an item whose wallet id is not
 * of the record's partition (which would put its state on the wrong instance), is a problem for the
 * dead-letter topic; the other items go on.
 */
final class BatchRecords {
    private BatchRecords() {}

    /** What the ledger does with one item: decide it for wallet {@code key}. */
    @FunctionalInterface
    interface Item {
        void apply(Record<byte[], byte[]> record, String key, Command command);
    }

    /** Hands every item of {@code record} (read on {@code partition}, -1 unknown) to {@code item}, or a problem to {@code refused}. */
    static void each(Record<byte[], byte[]> record, int partition, Item item,
                     BiConsumer<Record<byte[], byte[]>, LedgerProcessor.Problem> refused) {
        CommandBatch batch;
        try {
            batch = record.value() == null ? null : CommandBatch.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            batch = null;
        }
        if (batch == null || batch.getWalletIdsCount() != batch.getCommandsCount()) {
            refused.accept(record, new LedgerProcessor.Problem("value is not a wallet CommandBatch (protobuf) with a wallet id per command",
                    "value"));
            return;
        }
        for (int i = 0; i < batch.getCommandsCount(); i++) {
            String key = batch.getWalletIds(i);
            Command command = batch.getCommands(i);
            Record<byte[], byte[]> one = new Record<>(key.getBytes(StandardCharsets.UTF_8), command.toByteArray(), record.timestamp(),
                    new RecordHeaders());
            if (partition >= 0 && batch.getPartitions() > 0
                    && WalletTopics.partitionOf(key, batch.getPartitions()) != partition) {
                refused.accept(one, new LedgerProcessor.Problem("wallet id " + key + " is not of partition " + partition, "wallet_ids"));
                continue;
            }
            item.apply(one, key, command);
        }
    }
}
