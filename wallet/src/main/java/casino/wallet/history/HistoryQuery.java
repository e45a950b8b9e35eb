package casino.wallet.history;

import casino.contract.wallet.proto.Transaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a wallet's history from the wallet-transactions store with range scans: newest first,
 * inclusive time bounds, offset and limit. Cost is proportional to offset + limit, never to the
 * wallet's whole history.
 */
public final class HistoryQuery {
    private HistoryQuery() {}

    public static List<Transaction> page(ReadOnlyKeyValueStore<String, Transaction> store, String walletId,
                                         Instant from, Instant to, int offset, int limit) {
        List<Transaction> page = new ArrayList<>(Math.min(limit, 1000));
        if (from.isAfter(to) || limit <= 0) return page;
        try (KeyValueIterator<String, Transaction> it = store.reverseRange(
                HistoryKeys.lower(walletId, from.toEpochMilli()), HistoryKeys.upper(walletId, to.toEpochMilli()))) {
            int skipped = 0;
            while (it.hasNext() && page.size() < limit) {
                KeyValue<String, Transaction> next = it.next();
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                page.add(next.value);
            }
        }
        return page;
    }

    /**
     * The wallet's entry number {@code refno}, without an index: entry times never decrease with refno,
     * so the first key at or after (t, refno) has a refno below {@code refno} when t is before the entry's
     * time and above it when t is after; a binary search on t finds it in at most 50 range seeks.
     */
    public static Optional<Transaction> entry(ReadOnlyKeyValueStore<String, Transaction> store, String walletId, long refno) {
        long low = 0;
        long high = HistoryKeys.MAX_TIME;
        String last = HistoryKeys.upper(walletId, HistoryKeys.MAX_TIME);
        while (low <= high) {
            long t = (low + high) >>> 1;
            try (KeyValueIterator<String, Transaction> it = store.range(HistoryKeys.entry(walletId, t, refno), last)) {
                Transaction first = it.hasNext() ? it.next().value : null;
                long found = first == null ? Long.MAX_VALUE : first.getRefno();
                if (found == refno) return Optional.of(first);
                if (found < refno) low = t + 1;
                else high = t - 1;
            }
        }
        return Optional.empty();
    }

    /** The entry with the highest refno. */
    public static Optional<Transaction> latest(ReadOnlyKeyValueStore<String, Transaction> store, String walletId) {
        try (KeyValueIterator<String, Transaction> it = store.reverseRange(
                HistoryKeys.lower(walletId, 0), HistoryKeys.upper(walletId, HistoryKeys.MAX_TIME))) {
            return it.hasNext() ? Optional.of(it.next().value) : Optional.empty();
        }
    }
}
