package casino.wallet.feed;

import casino.wallet.topics.WalletTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Counts casino event ids that come back with other content ({@code casino_events_id_reused_total}): reads
 * wallet.casino-ids (key = event id, value = content digest, partitioned by event id, so every use of one id
 * meets here whatever its player) and remembers the digests of each id for {@link #RETENTION} of event time
 * in a window store, which drops whole segments as time passes (bounded, changelogged, exactly-once). It
 * decides nothing about money: the feed's fingerprint (id and digest) already makes a reused id a new event
 * and an exact repeat the same one; this only makes reuse visible.
 */
public final class CasinoIdsProcessor implements Processor<byte[], byte[], Void, Void> {
    /** How long an id's digests are remembered (event time). */
    public static final Duration RETENTION = Duration.ofDays(7);
    private final Counter reused;
    private WindowStore<String, String> digests;

    public CasinoIdsProcessor(MeterRegistry meters) {
        reused = Counter.builder("casino.events.id.reused")
                .description("casino events whose id was seen before with other content (a producer restarted its ids)")
                .register(meters);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        digests = context.getStateStore(WalletTopics.CASINO_IDS.name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) return;
        String id = new String(record.key(), StandardCharsets.UTF_8);
        String digest = new String(record.value(), StandardCharsets.UTF_8);
        Instant at = Instant.ofEpochMilli(Math.max(0, record.timestamp()));
        boolean same = false;
        boolean other = false;
        try (WindowStoreIterator<String> seen = digests.fetch(id, at.minus(RETENTION).isBefore(Instant.EPOCH) ? Instant.EPOCH
                : at.minus(RETENTION), at.plus(RETENTION))) {
            while (seen.hasNext() && !same) {
                String d = seen.next().value;
                if (d.equals(digest)) same = true;
                else other = true;
            }
        }
        if (same) return; // an exact repeat: nothing new
        if (other) reused.increment();
        digests.put(id, digest, at.toEpochMilli());
    }
}
