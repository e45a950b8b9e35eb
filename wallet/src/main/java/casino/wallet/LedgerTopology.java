package casino.wallet;

import casino.wallet.topics.WalletTopics;
import casino.wallet.feed.CasinoFeedProcessor;
import casino.wallet.feed.CasinoIdsProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import casino.wallet.ledger.ExternalIdProcessor;
import casino.wallet.ledger.Ledger;
import casino.wallet.ledger.LedgerProcessor;
import casino.wallet.ledger.LedgerRules;
import casino.common.kafka.RecordLimit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The wallet topology: casino events become commands on wallet.commands (so the ledger has one
 * input, partitioned by wallet id); creates with an external id pass through wallet.external-ids
 * (partitioned by external id) to claim it first; one ledger processor applies commands to its
 * changelogged RocksDB stores (balances, fingerprints, history, transfers) and emits outcomes
 * and external events on wallet.events. Records are read as bytes so that an
 * unreadable one reaches the dead-letter topic instead of stopping the stream; every source is bounded
 * ({@link RecordLimit}: key, value and headers at most 256 KiB), so an oversized record is dead-lettered by
 * Kafka Streams' deserialization handler (as a stub when over 512 KiB) before any processor copies it into
 * an output the producer would refuse. It lives above the
 * {@code ledger} and {@code feed} packages, which do not import each other.
 */
public final class LedgerTopology {
    public static final String CASINO_SOURCE = "casino-source";
    public static final String CASINO_FEED = "casino-feed";
    public static final String COMMANDS_SINK = "casino-commands-sink";
    public static final String COMMANDS_SOURCE = "commands-source";
    public static final String LEDGER = "ledger";
    public static final String EVENTS_SINK = "events-sink";
    public static final String DLQ_SINK = "dlq-sink";
    public static final String EXTERNAL_IDS_SOURCE = "external-ids-source";
    public static final String EXTERNAL_IDS = "external-ids";
    public static final String CLAIMED_COMMANDS_SINK = "claimed-commands-sink";
    public static final String RELEASE_SINK = "external-id-release-sink";
    public static final String TRANSFER_STEPS_SINK = "transfer-steps-sink";
    public static final String FX_RATES_SOURCE = "fx-rates-source";
    public static final String FX_RATES = "fx-rates";
    public static final String CASINO_IDS_SINK = "casino-ids-sink";
    public static final String CASINO_IDS_SOURCE = "casino-ids-source";
    public static final String CASINO_IDS = "casino-ids";

    private LedgerTopology() {}

    public static Topology build(WalletTopics topics, LedgerRules rules) {
        return build(topics, rules, RefusedRates.NONE, new CompositeMeterRegistry());
    }

    /**
     * The topology; {@code refusedRates} takes the fx.rates records the global store refuses (its processor
     * cannot forward, and Streams cannot dead-letter for a global store), so its source is not bounded by a
     * deserializer but by {@link FxRateUpdater}; the feed's meters go to {@code meters}.
     */
    public static Topology build(WalletTopics topics, LedgerRules rules, RefusedRates refusedRates, MeterRegistry meters) {
        Ledger ledger = new Ledger(rules);
        Deserializer<byte[]> bytesIn = RecordLimit.bytes().deserializer();
        var bytesOut = new ByteArraySerializer();
        Topology topology = new Topology();
        topology.addSource(CASINO_SOURCE, bytesIn, bytesIn, topics.casinoFeed().name());
        topology.addProcessor(CASINO_FEED, () -> new CasinoFeedProcessor(COMMANDS_SINK, CASINO_IDS_SINK, DLQ_SINK, meters), CASINO_SOURCE);
        // every event's id and digest, partitioned by id: where a reused id is noticed (counted; money is decided by the fingerprint)
        topology.addSink(CASINO_IDS_SINK, topics.casinoIds().name(), bytesOut, bytesOut, CASINO_FEED);
        topology.addSource(CASINO_IDS_SOURCE, bytesIn, bytesIn, topics.casinoIds().name());
        topology.addProcessor(CASINO_IDS, () -> new CasinoIdsProcessor(meters), CASINO_IDS_SOURCE);
        topology.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(WalletTopics.CASINO_IDS.name(),
                CasinoIdsProcessor.RETENTION, Duration.ofMillis(1), false),
                WalletTopics.CASINO_IDS.keySerde(), WalletTopics.CASINO_IDS.valueSerde()), CASINO_IDS);
        // re-keyed by wallet id through the commands topic: the ledger's partitioning is the commands topic's
        topology.addSink(COMMANDS_SINK, topics.commands().name(), bytesOut, bytesOut, CASINO_FEED);

        topology.addSource(COMMANDS_SOURCE, bytesIn, bytesIn, topics.commands().name());
        topology.addProcessor(LEDGER, () -> new LedgerProcessor(ledger, EVENTS_SINK, DLQ_SINK, RELEASE_SINK, TRANSFER_STEPS_SINK, meters),
                COMMANDS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WalletTopics.BALANCES.name()),
                WalletTopics.BALANCES.keySerde(), WalletTopics.BALANCES.valueSerde()), LEDGER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WalletTopics.FINGERPRINTS.name()),
                WalletTopics.FINGERPRINTS.keySerde(), WalletTopics.FINGERPRINTS.valueSerde()), LEDGER);
        store(topology, WalletTopics.TRANSACTIONS, LEDGER);
        store(topology, WalletTopics.TRANSFERS, LEDGER);
        store(topology, WalletTopics.HOLDS, LEDGER);
        store(topology, WalletTopics.TIMERS, LEDGER); // due commands a decision scheduled, fired by the ledger's wall-clock punctuator
        // a transfer's next step (credit on the target, settle on the source) goes back to wallet.commands
        topology.addSink(TRANSFER_STEPS_SINK, topics.commands().name(), bytesOut, bytesOut, LEDGER);
        fxRates(topology, topics, refusedRates);
        // the ledger gives back the external id of a create that failed
        topology.addSink(RELEASE_SINK, topics.externalIds().name(), bytesOut, bytesOut, LEDGER);

        // external ids: one writer per external id (keyed topic), then the create goes to the wallet's partition
        topology.addSource(EXTERNAL_IDS_SOURCE, bytesIn, bytesIn, topics.externalIds().name());
        topology.addProcessor(EXTERNAL_IDS, () -> new ExternalIdProcessor(CLAIMED_COMMANDS_SINK, EVENTS_SINK, DLQ_SINK),
                EXTERNAL_IDS_SOURCE);
        store(topology, WalletTopics.EXTERNAL_IDS, EXTERNAL_IDS);
        topology.addSink(CLAIMED_COMMANDS_SINK, topics.commands().name(), bytesOut, bytesOut, EXTERNAL_IDS);

        topology.addSink(EVENTS_SINK, topics.events().name(), bytesOut, bytesOut, LEDGER, EXTERNAL_IDS);
        topology.addSink(DLQ_SINK, topics.deadLetters().name(), bytesOut, bytesOut, CASINO_FEED, LEDGER, EXTERNAL_IDS);
        return topology;
    }

    /** fx.rates (compacted, key = currency) as a global store every task of every instance reads: the valid rates the ledger applies. */
    private static void fxRates(Topology topology, WalletTopics topics, RefusedRates refusedRates) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(WalletTopics.FX_RATES.name()),
                        WalletTopics.FX_RATES.keySerde(), WalletTopics.FX_RATES.valueSerde()).withLoggingDisabled(),
                FX_RATES_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                topics.fxRates().name(), FX_RATES, () -> new FxRateUpdater(refusedRates));
    }

    private static <K, V> void store(Topology topology, WalletTopics.Store<K, V> store, String processor) {
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store.name()),
                store.keySerde(), store.valueSerde()), processor);
    }
}
