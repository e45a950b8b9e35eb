package casino.wallet;

import casino.common.money.FxRate;
import casino.wallet.topics.WalletTopics;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global store wallet-fx-rates equal to the latest valid rate per currency on fx.rates; a
 * tombstone removes the rate. Known gap: a global store's processor cannot forward, so an unreadable
 * record (or one whose key is not its currency) is logged and skipped rather than dead-lettered.
 */
final class FxRateUpdater implements Processor<String, byte[], Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(FxRateUpdater.class);
    private KeyValueStore<String, FxRate> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(WalletTopics.FX_RATES.name());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) return;
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        Optional<FxRate> rate = FxRate.parse(record.value());
        if (rate.isEmpty() || !rate.get().currency().equals(record.key())) {
            log.warn("skipping fx.rates record for key {}: not a rate of that currency", record.key());
            return;
        }
        store.put(record.key(), rate.get());
    }
}
