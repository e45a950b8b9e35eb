package casino.wallet;

import casino.common.json.Json;
import casino.common.kafka.RecordLimit;
import casino.common.money.DecimalException;
import casino.common.money.Decimals;
import casino.common.money.FxRate;
import casino.wallet.topics.WalletTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store wallet-fx-rates equal to the latest valid rate per currency on fx.rates; a
 * tombstone removes the rate. A record that is not a valid rate of its key's currency (too large, not
 * JSON, a per_eur that is not a bounded positive decimal, another currency) is never stored: it goes to
 * {@link RefusedRates} (wallet.dlq, a counter), and the rate held before stays. Never throws: an
 * exception in a global store's processor would stop the wallet's global thread.
 */
final class FxRateUpdater implements Processor<byte[], byte[], Void, Void> {
    /** A rate record is a few dozen bytes; anything much larger is refused before it is parsed. */
    static final int MAX_RECORD_BYTES = 4 * 1024;
    private final RefusedRates refused;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, FxRate> store;

    FxRateUpdater(RefusedRates refused) {
        this.refused = refused;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        store = context.getStateStore(WalletTopics.FX_RATES.name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        try {
            update(record);
        } catch (RuntimeException e) {
            refuse(record, "fx rate could not be applied: " + e, "value");
        }
    }

    private void update(Record<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length)
                + RecordLimit.headersSize(record.headers());
        if (size > MAX_RECORD_BYTES) {
            refuse(record, "fx.rates record of " + size + " bytes is over the bound of " + MAX_RECORD_BYTES, "value");
            return;
        }
        if (record.key() == null) {
            refuse(record, "fx.rates record without a key (the currency)", "key");
            return;
        }
        String currency = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            store.delete(currency);
            return;
        }
        Optional<Refusal> refusal = check(currency, record.value());
        if (refusal.isPresent()) {
            refuse(record, refusal.get().reason(), refusal.get().field());
            return;
        }
        store.put(currency, FxRate.parse(record.value()).orElseThrow());
    }

    record Refusal(String reason, String field) {}

    /** Why {@code value} is not a rate the wallet takes for {@code currency}, or empty when it is. */
    static Optional<Refusal> check(String currency, byte[] value) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(value);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of(new Refusal("fx.rates value is not JSON", "value"));
        }
        if (n == null || !n.path("currency").isTextual() || !n.path("currency").asText().equals(currency)) {
            return Optional.of(new Refusal("fx.rates value is not a rate of its key's currency", "currency"));
        }
        if (!n.path("per_eur").isTextual()) return Optional.of(new Refusal("per_eur must be a decimal string", "per_eur"));
        try {
            Decimals.rate(n.path("per_eur").asText());
        } catch (DecimalException e) {
            return Optional.of(new Refusal("per_eur: " + e.getMessage(), "per_eur"));
        }
        return FxRate.parse(value).isPresent() ? Optional.empty()
                : Optional.of(new Refusal("fx.rates value is not a valid rate", "value"));
    }

    private void refuse(Record<byte[], byte[]> record, String reason, String field) {
        Optional<RecordMetadata> source = context.recordMetadata();
        refused.refuse(source.map(RecordMetadata::topic).orElse("fx.rates"), source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L), record.timestamp(),
                record.headers() == null ? new RecordHeaders() : record.headers(), record.key(), record.value(), reason, field);
    }
}
