package casino.wallet.ledger;

import casino.wallet.WalletTopics;
import casino.wallet.proto.Command;
import casino.wallet.proto.FingerprintRecord;
import casino.wallet.proto.WalletState;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one stateful step of the wallet: applies each command of a wallet (key) to the balance and
 * fingerprint stores and emits the outcome. Under exactly_once_v2 the store changes (changelogs),
 * the outcome event and the input offset commit together, so a crash replays the command against
 * the state as it was. A command that cannot be read goes to the dead-letter topic.
 */
public final class LedgerProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    public static final Pattern WALLET_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private final Ledger ledger;
    private final String eventsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, WalletState> balances;
    private KeyValueStore<String, FingerprintRecord> fingerprints;

    public LedgerProcessor(Ledger ledger, String eventsSink, String deadLetterSink) {
        this.ledger = ledger;
        this.eventsSink = eventsSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.balances = context.getStateStore(WalletTopics.BALANCES.name());
        this.fingerprints = context.getStateStore(WalletTopics.FINGERPRINTS.name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String walletId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (walletId == null || !WALLET_ID.matcher(walletId).matches()) {
            context.forward(DeadLetters.of(record, context, "key is not a wallet id"), deadLetterSink);
            return;
        }
        Command command;
        try {
            command = record.value() == null ? null : Command.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            command = null;
        }
        String problem = problem(command, walletId);
        if (problem != null) {
            context.forward(DeadLetters.of(record, context, problem), deadLetterSink);
            return;
        }
        String fingerprintKey = Ledger.fingerprintKey(walletId, command.getFingerprint());
        Ledger.Decision decision = ledger.decide(walletId, balances.get(walletId), fingerprints.get(fingerprintKey), command);
        if (decision.state() != null) balances.put(walletId, decision.state());
        if (decision.fingerprint() != null) fingerprints.put(fingerprintKey, decision.fingerprint());
        context.forward(new Record<>(record.key(), decision.event().toByteArray(), record.timestamp()), eventsSink);
    }

    private static String problem(Command command, String walletId) {
        if (command == null) return "value is not a wallet Command (protobuf)";
        if (command.getFingerprint().isEmpty() || command.getFingerprint().length() > 128) return "fingerprint missing or too long";
        if (command.getRequestId().isEmpty()) return "request_id missing";
        String bodyWallet = switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getWalletId();
            case CASINO_BET -> command.getCasinoBet().getWalletId();
            case BODY_NOT_SET -> null;
        };
        if (bodyWallet == null) return "command has no body";
        if (!bodyWallet.isEmpty() && !bodyWallet.equals(walletId)) return "wallet id in the command does not match the key";
        return null;
    }
}
