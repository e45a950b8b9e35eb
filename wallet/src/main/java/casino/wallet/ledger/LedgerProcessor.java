package casino.wallet.ledger;

import casino.wallet.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.wallet.history.HistoryKeys;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransactionRef;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one stateful step of the wallet: applies each command of a wallet (key) to the balance,
 * fingerprint and history stores and emits the outcome, then the external events. Under
 * exactly_once_v2 the store changes (changelogs), the events and the input offset commit together,
 * so a crash replays the command against the state as it was. A command that cannot be read goes to
 * the dead-letter topic.
 */
public final class LedgerProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    public static final Pattern WALLET_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private final Ledger ledger;
    private final String eventsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, WalletState> balances;
    private KeyValueStore<String, FingerprintRecord> fingerprints;
    private KeyValueStore<String, Transaction> transactions;
    private KeyValueStore<String, TransactionRef> transactionIds;
    private final String externalIdsSink;

    public LedgerProcessor(Ledger ledger, String eventsSink, String deadLetterSink, String externalIdsSink) {
        this.ledger = ledger;
        this.eventsSink = eventsSink;
        this.deadLetterSink = deadLetterSink;
        this.externalIdsSink = externalIdsSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.balances = context.getStateStore(WalletTopics.BALANCES.name());
        this.fingerprints = context.getStateStore(WalletTopics.FINGERPRINTS.name());
        this.transactions = context.getStateStore(WalletTopics.TRANSACTIONS.name());
        this.transactionIds = context.getStateStore(WalletTopics.TRANSACTION_IDS.name());
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
        Ledger.Decision decision = ledger.decide(walletId, balances.get(walletId), fingerprints.get(fingerprintKey), command,
                this::find);
        if (decision.state() != null) balances.put(walletId, decision.state());
        if (decision.fingerprint() != null) fingerprints.put(fingerprintKey, decision.fingerprint());
        for (Transaction t : decision.appended()) {
            String key = HistoryKeys.entry(walletId, t.getCreatedAtMs(), t.getRefno());
            transactions.put(key, t);
            transactionIds.put(HistoryKeys.byId(walletId, t.getId()), TransactionRef.newBuilder().setKey(key).build());
        }
        if (decision.voided() != null) {
            String idKey = HistoryKeys.byId(walletId, decision.voided());
            String by = decision.appended().get(decision.appended().size() - 1).getId();
            transactionIds.put(idKey, transactionIds.get(idKey).toBuilder().setVoidedBy(by).build());
        }
        context.forward(EventRecords.of(walletId, decision.event(), record.timestamp()), eventsSink);
        for (WalletEvent e : decision.external()) context.forward(EventRecords.of(walletId, e, record.timestamp()), eventsSink);
        if (decision.release() != null) {
            String externalId = decision.release().getReleaseExternalId().getExternalId();
            context.forward(new Record<>(externalId.getBytes(StandardCharsets.UTF_8), decision.release().toByteArray(),
                    record.timestamp()), externalIdsSink);
        }
    }

    private Optional<Ledger.Indexed> find(String walletId, String transactionId) {
        TransactionRef ref = transactionIds.get(HistoryKeys.byId(walletId, transactionId));
        if (ref == null) return Optional.empty();
        Transaction t = transactions.get(ref.getKey());
        return t == null ? Optional.empty() : Optional.of(new Ledger.Indexed(t, !ref.getVoidedBy().isEmpty()));
    }

    private static String problem(Command command, String walletId) {
        if (command == null) return "value is not a wallet Command (protobuf)";
        if (command.getFingerprint().isEmpty() || command.getFingerprint().length() > 128) return "fingerprint missing or too long";
        if (command.getRequestId().isEmpty()) return "request_id missing";
        String bodyWallet = switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getWalletId();
            case CASINO_BET -> command.getCasinoBet().getWalletId();
            case CREATE_WALLET -> command.getCreateWallet().getWalletId();
            case POST_TRANSACTION -> command.getPostTransaction().getWalletId();
            case VOID_TRANSACTION -> command.getVoidTransaction().getWalletId();
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> null;
        };
        if (bodyWallet == null) return "command has no body";
        if (!bodyWallet.isEmpty() && !bodyWallet.equals(walletId)) return "wallet id in the command does not match the key";
        return null;
    }
}
