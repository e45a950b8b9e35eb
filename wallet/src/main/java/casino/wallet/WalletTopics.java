package casino.wallet;

import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import casino.wallet.proto.Command;
import casino.wallet.proto.FingerprintRecord;
import casino.wallet.proto.WalletEvent;
import casino.wallet.proto.WalletState;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The wallet's typed registry: its topics (key = wallet id as UTF-8, protobuf values) and its state
 * stores, each with its serdes. The topic names take an optional prefix ({@code WALLET_TOPIC_PREFIX},
 * empty by default) so that several ledgers can share one broker, as the integration tests do.
 */
public record WalletTopics(Topic<String, Command> commands, Topic<String, WalletEvent> events,
                           Topic<byte[], byte[]> deadLetters, Topic<Long, casino.common.event.CasinoEvent> casinoFeed) {

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

    public static final WalletTopics DEFAULT = withPrefix("", Topics.CASINO_EVENTS_ENRICHED.name());

    public static WalletTopics withPrefix(String prefix, String casinoFeed) {
        return new WalletTopics(
                new Topic<>(prefix + "wallet.commands", Serdes.String(), COMMAND_SERDE, PARTITIONS),
                new Topic<>(prefix + "wallet.events", Serdes.String(), EVENT_SERDE, PARTITIONS),
                new Topic<>(prefix + "wallet.dlq", Serdes.ByteArray(), Serdes.ByteArray(), PARTITIONS),
                new Topic<>(casinoFeed, Serdes.Long(), Topics.EVENT_SERDE, PARTITIONS));
    }

    /** Every topic the wallet reads or writes, created at start-up. */
    public List<Topic<?, ?>> all() {
        return List.of(commands, events, deadLetters, casinoFeed);
    }
}
