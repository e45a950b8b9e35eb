package casino.reporting.mirror;

import casino.common.kafka.RecordLimit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The rows of up to N consumed records, written in one Postgres transaction with the offsets that
 * follow them. Balance changes keep only the newest per wallet (by refno); the rest keep their order.
 * No record can make {@link #add} throw: a record too large, unreadable, invalid, or one whose mapping
 * throws anything at all is {@link #rejected} (a dead letter) and its offset is passed like any other.
 */
public final class MirrorBatch {
    /** A record larger than this (value and headers, or key) is refused unread: common's bound of every record read. */
    public static final int MAX_RECORD_BYTES = RecordLimit.DEFAULT_MAX_BYTES;
    static final String EVENT_TYPE = "event-type";

    /** Why a record is not mirrored: the dead letter's reason and field, the low-cardinality metric label. */
    public enum Category {
        TOO_LARGE, MALFORMED, INVALID, EXCEPTION,
        /** Postgres refused the record's row (a duplicate id, say), found by writing the batch row by row. */
        REFUSED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A record that could not be mirrored, with the reason (and the exception, when one was thrown). */
    public record Rejected(ConsumerRecord<byte[], byte[]> record, Category category, String reason, String field,
                           Throwable error) {}

    final List<Change.NewWallet> wallets = new ArrayList<>();
    final List<Change.NewEntry> entries = new ArrayList<>();
    final List<Change.Voided> voids = new ArrayList<>();
    /** The record of each wallet, entry and void above, same index (null for a change added without one). */
    final List<ConsumerRecord<byte[], byte[]>> walletSources = new ArrayList<>();
    final List<ConsumerRecord<byte[], byte[]>> entrySources = new ArrayList<>();
    final List<ConsumerRecord<byte[], byte[]>> voidSources = new ArrayList<>();
    final Map<String, Change.Balance> balances = new LinkedHashMap<>();
    /** Each hold's newest state in the batch (a wallet's events are in order on its partition). */
    final Map<String, Change.HoldState> holds = new LinkedHashMap<>();
    final List<Rejected> rejected = new ArrayList<>();
    /** Partition -> offset after the last record of this batch. */
    final Map<Integer, Long> nextOffsets = new HashMap<>();
    /** Partition -> newest record timestamp (ms) of this batch. */
    final Map<Integer, Long> newestTimestamps = new HashMap<>();
    private int records;
    private long startedNanos;

    /** Maps the record into rows (or a reject) at once; its offset and timestamp move the batch on either way. */
    public void add(ConsumerRecord<byte[], byte[]> record) {
        if (records++ == 0) startedNanos = System.nanoTime();
        nextOffsets.put(record.partition(), record.offset() + 1);
        newestTimestamps.merge(record.partition(), record.timestamp(), Math::max);
        try {
            long size = sizeOf(record.value()) + RecordLimit.headersSize(record.headers());
            if (size > MAX_RECORD_BYTES || sizeOf(record.key()) > MAX_RECORD_BYTES) {
                rejected.add(new Rejected(record, Category.TOO_LARGE, "record of " + (size + sizeOf(record.key()))
                        + " bytes (key, value and headers) is over the bound of " + MAX_RECORD_BYTES + " bytes", null, null));
                return;
            }
            if (isOutcome(record)) return; // outcomes carry nothing for the mirror: passed by their header, never decoded
            EventMapper.map(record.value()).ifPresent(change -> add(change, record));
        } catch (BadEventException e) {
            rejected.add(new Rejected(record, e.field() == null ? Category.MALFORMED : Category.INVALID, e.getMessage(), e.field(), null));
        } catch (RuntimeException e) {
            rejected.add(new Rejected(record, Category.EXCEPTION, "mapping failed: " + e, null, e));
        }
    }

    private static final byte[] OUTCOME = "Outcome".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OUTCOMES = "Outcomes".getBytes(StandardCharsets.UTF_8);

    private static boolean isOutcome(ConsumerRecord<byte[], byte[]> record) {
        Header type = record.headers().lastHeader(EVENT_TYPE);
        if (type == null || type.value() == null) return false;
        return java.util.Arrays.equals(type.value(), OUTCOME) || java.util.Arrays.equals(type.value(), OUTCOMES);
    }

    private static long sizeOf(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    void add(Change change) {
        add(change, null);
    }

    private void add(Change change, ConsumerRecord<byte[], byte[]> source) {
        switch (change) {
            case Change.NewWallet w -> {
                wallets.add(w);
                walletSources.add(source);
            }
            case Change.NewEntry e -> {
                entries.add(e);
                entrySources.add(source);
            }
            case Change.Voided v -> {
                voids.add(v);
                voidSources.add(source);
            }
            case Change.HoldState h -> holds.put(h.id(), h);
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
