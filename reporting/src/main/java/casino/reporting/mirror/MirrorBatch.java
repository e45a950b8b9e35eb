package casino.reporting.mirror;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The rows of up to N consumed records, written in one Postgres transaction with the offsets that
 * follow them. Balance changes keep only the newest per wallet (by refno); the rest keep their order.
 */
public final class MirrorBatch {
    /** A record that could not be mirrored, with the reason. */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, BadEventException reason) {}

    final List<Change.NewWallet> wallets = new ArrayList<>();
    final List<Change.NewEntry> entries = new ArrayList<>();
    final List<Change.Voided> voids = new ArrayList<>();
    final Map<String, Change.Balance> balances = new LinkedHashMap<>();
    final List<Rejected> rejected = new ArrayList<>();
    /** Partition -> offset after the last record of this batch. */
    final Map<Integer, Long> nextOffsets = new HashMap<>();
    /** Partition -> newest record timestamp (ms) of this batch. */
    final Map<Integer, Long> newestTimestamps = new HashMap<>();
    private int records;
    private long startedNanos;

    public void add(ConsumerRecord<byte[], byte[]> record) {
        if (records++ == 0) startedNanos = System.nanoTime();
        nextOffsets.put(record.partition(), record.offset() + 1);
        newestTimestamps.merge(record.partition(), record.timestamp(), Math::max);
        try {
            EventMapper.map(record.value()).ifPresent(this::add);
        } catch (BadEventException e) {
            rejected.add(new Rejected(record, e));
        }
    }

    void add(Change change) {
        switch (change) {
            case Change.NewWallet w -> wallets.add(w);
            case Change.NewEntry e -> entries.add(e);
            case Change.Voided v -> voids.add(v);
            case Change.Balance b -> balances.merge(b.walletId(), b, (old, now) -> now.refno() >= old.refno() ? now : old);
        }
    }

    public int records() {
        return records;
    }

    public int entryCount() {
        return entries.size();
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public long ageMillis() {
        return records == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
