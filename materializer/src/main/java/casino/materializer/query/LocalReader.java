package casino.materializer.query;

import casino.materializer.aggregate.PartitionCount;
import casino.materializer.aggregate.PlayerTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** Reads the local stores (all local tasks, or one test driver) into a {@link Partial}. */
public final class LocalReader {
    private LocalReader() {}

    public static Partial read(List<Integer> partitions, ReadOnlyKeyValueStore<Integer, PartitionCount> counts,
                               ReadOnlyWindowStore<Integer, Long> perSecond,
                               ReadOnlyKeyValueStore<Long, PlayerTotals> players, long nowMs) {
        long events = 0;
        Long first = null;
        try (KeyValueIterator<Integer, PartitionCount> it = counts.all()) {
            while (it.hasNext()) {
                PartitionCount c = it.next().value;
                events += c.events();
                if (first == null || c.firstArrivalMs() < first) first = c.firstArrivalMs();
            }
        }
        Map<Long, Long> seconds = new TreeMap<>();
        long fromSecond = Math.floorDiv(nowMs, 1000) - Aggregates.WINDOW_SECONDS + 1;
        try (KeyValueIterator<Windowed<Integer>, Long> it =
                     perSecond.fetchAll(Instant.ofEpochSecond(fromSecond), Instant.ofEpochMilli(nowMs))) {
            while (it.hasNext()) {
                KeyValue<Windowed<Integer>, Long> kv = it.next();
                seconds.merge(kv.key.window().start() / 1000, kv.value, Long::sum);
            }
        }
        List<PlayerTotals> totals = new ArrayList<>();
        try (KeyValueIterator<Long, PlayerTotals> it = players.all()) {
            while (it.hasNext()) totals.add(it.next().value);
        }
        return new Partial(partitions, events, first, seconds, totals);
    }
}
