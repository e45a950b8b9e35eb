package casino.wallet.topics;

import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import casino.contract.wallet.ProtoSerde;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.ExternalIdClaim;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.common.money.FxRate;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The wallet's typed registry: its topics (key = wallet id as UTF-8, except wallet.external-ids keyed
 * by external id; protobuf values) and its state
 * stores, each with its serdes. The topic names take an optional prefix ({@code WALLET_TOPIC_PREFIX},
 * empty by default) so that several ledgers can share one broker, as the integration tests do.
 */
public record WalletTopics(Topic<String, Command> commands, Topic<String, WalletEvent> events,
                           Topic<byte[], byte[]> deadLetters, Topic<Long, casino.common.event.CasinoEvent> casinoFeed,
                           Topic<String, Command> externalIds, Topic<String, FxRate> fxRates,
                           Topic<String, String> casinoIds) {

    /** The service name on the wallet's dead letters (header dlq.service). */
    public static final String SERVICE = "wallet";
    public static final ProtoSerde<Command> COMMAND_SERDE = new ProtoSerde<>(Command.parser());
    public static final ProtoSerde<WalletEvent> EVENT_SERDE = new ProtoSerde<>(WalletEvent.parser());
    private static final int PARTITIONS = casino.common.config.CommonSettings.DEFAULT_PARTITIONS;

    /** A state store: name and serdes together. */
    public record Store<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {}

    /** Wallet id -> balance, flag, totals, recent deposits. */
    public static final Store<String, WalletState> BALANCES =
            new Store<>("wallet-balances", Serdes.String(), new ProtoSerde<>(WalletState.parser()));
    /** "walletId/fingerprint" -> what the fingerprint was used for and its outcome. */
    public static final Store<String, FingerprintRecord> FINGERPRINTS =
            new Store<>("wallet-fingerprints", Serdes.String(), new ProtoSerde<>(FingerprintRecord.parser()));

    /** "walletId/created/refno" (see HistoryKeys) -> one entry of the wallet's history. */
    public static final Store<String, Transaction> TRANSACTIONS =
            new Store<>("wallet-transactions", Serdes.String(), new ProtoSerde<>(Transaction.parser()));
    /** External id -> the wallet that claimed it (first claim wins) and its create's digest, on the partitions of wallet.external-ids. */
    public static final Store<String, ExternalIdClaim> EXTERNAL_IDS =
            new Store<>("wallet-external-ids", Serdes.String(), new ProtoSerde<>(ExternalIdClaim.parser()));

    /** Transfer id ("from:uuid") -> the transfer, on its source wallet's partition. */
    public static final Store<String, TransferRecord> TRANSFERS =
            new Store<>("wallet-transfers", Serdes.String(), new ProtoSerde<>(TransferRecord.parser()));
    /** "dueAtMs(19 digits)/walletId/timerId" -> a command a decision scheduled (see StoreKeys.timer), per task: due ones fire in key order. */
    public static final Store<String, casino.contract.wallet.proto.Timer> TIMERS =
            new Store<>("wallet-timers", Serdes.String(), new ProtoSerde<>(casino.contract.wallet.proto.Timer.parser()));
    /** "walletId/seq(12 digits)" -> one of the wallet's holds (see StoreKeys.hold), on the wallet's partition. */
    public static final Store<String, casino.contract.wallet.proto.Hold> HOLDS =
            new Store<>("wallet-holds", Serdes.String(), new ProtoSerde<>(casino.contract.wallet.proto.Hold.parser()));
    /**
     * Casino event id -> the content digests seen with it (a window store, by event time): how the feed knows an id
     * came back with other content. Fed by wallet.casino-ids (key = event id, value = digest), partitioned by event id.
     */
    public static final Store<String, String> CASINO_IDS = new Store<>("wallet-casino-ids", Serdes.String(), Serdes.String());
    /** Currency code -> units per 1 EUR: a global store of fx.rates, the same on every instance. */
    public static final Store<String, FxRate> FX_RATES = new Store<>("wallet-fx-rates", Serdes.String(), FxRate.SERDE);

    /** The partition of a wallet id's records on a topic of {@code partitions}: Kafka's default partitioner (murmur2 of its UTF-8 bytes). */
    public static int partitionOf(String walletId, int partitions) {
        return BuiltInPartitioner.partitionForKey(walletId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    /** Header on every wallet.events record: "Outcome", "Outcomes" or the external event's name (WalletCreated, ...). */
    public static final String EVENT_TYPE_HEADER = "event-type";
    /** The event-type of a command's outcome, the record a waiting HTTP request is answered with. */
    public static final String OUTCOME_EVENT_TYPE = "Outcome";
    /** The event-type of one record carrying the outcomes of every item of a command batch (an OutcomeBatch). */
    public static final String OUTCOMES_EVENT_TYPE = "Outcomes";
    /** Header of an outcome on wallet.events: the request id it answers (UTF-8), readable without parsing the value. */
    public static final String REQUEST_ID_HEADER = "request-id";
    /** Header of an outcome on wallet.events: its command's fingerprint (UTF-8); the HTTP edge looks replays up only when it has seen it. */
    public static final String FINGERPRINT_HEADER = "fingerprint";
    /** Header of a wallet.commands record whose value is a CommandBatch (several commands of one partition), not a Command. */
    public static final String COMMAND_BATCH_HEADER = "command-batch";

    public static final WalletTopics DEFAULT = withPrefix("", Topics.CASINO_EVENTS_ENRICHED.name());

    public static WalletTopics withPrefix(String prefix, String casinoFeed) {
        return new WalletTopics(
                new Topic<>(prefix + "wallet.commands", Serdes.String(), COMMAND_SERDE, PARTITIONS),
                new Topic<>(prefix + "wallet.events", Serdes.String(), EVENT_SERDE, PARTITIONS),
                new Topic<>(prefix + "wallet.dlq", Serdes.ByteArray(), Serdes.ByteArray(), PARTITIONS),
                new Topic<>(casinoFeed, Serdes.Long(), Topics.EVENT_SERDE, PARTITIONS),
                new Topic<>(prefix + "wallet.external-ids", Serdes.String(), COMMAND_SERDE, PARTITIONS),
                new Topic<>(prefix + FxRate.TOPIC, Serdes.String(), FxRate.SERDE, 1),
                new Topic<>(prefix + "wallet.casino-ids", Serdes.String(), Serdes.String(), PARTITIONS));
    }

    /** Every topic the wallet reads or writes, created at start-up (fx.rates separately: compacted, see FxRatesTopic). */
    public List<Topic<?, ?>> all() {
        return List.of(commands, events, deadLetters, casinoFeed, externalIds, casinoIds);
    }
}
