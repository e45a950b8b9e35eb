package casino.wallet.ledger;

import casino.common.kafka.DeadLetter;
import casino.wallet.history.HistoryQuery;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.common.money.FxRate;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The one stateful step of the wallet: applies each command of a wallet (key) to the balance,
 * fingerprint and history stores and emits the outcome, then the external events (a command batch's
 * outcomes go out as one record after its items). Under
 * exactly_once_v2 the store changes (changelogs), the events and the input offset commit together,
 * so a crash replays the command against the state as it was; a transfer's next step (credit, settle) is
 * written to wallet.commands in that same transaction. Rates come from the global store of fx.rates. A command that cannot be read,
 * or is over {@link #MAX_COMMAND_BYTES}, goes to wallet.dlq ({@link DeadLetter}, with the field at fault) and the partition goes on.
 */
public final class LedgerProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    /**
     * The largest command the ledger decides (the HTTP API's largest is about 42 KB: 32 labels): its outputs
     * (outcome, events, history entry) copy parts of it, and must stay far below the producer's 1 MiB.
     */
    public static final int MAX_COMMAND_BYTES = 64 * 1024;
    private final Ledger ledger;
    private final String eventsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, WalletState> balances;
    private KeyValueStore<String, FingerprintRecord> fingerprints;
    private KeyValueStore<String, Transaction> transactions;
    private KeyValueStore<String, TransferRecord> transfers;
    private KeyValueStore<String, FxRate> rates;
    private final String externalIdsSink;
    private final String commandsSink;
    /** While a command batch is decided: its items' outcomes, written as one record once all are decided. */
    private List<WalletEvent> batchOutcomes;

    public LedgerProcessor(Ledger ledger, String eventsSink, String deadLetterSink, String externalIdsSink, String commandsSink) {
        this.ledger = ledger;
        this.eventsSink = eventsSink;
        this.deadLetterSink = deadLetterSink;
        this.externalIdsSink = externalIdsSink;
        this.commandsSink = commandsSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.balances = context.getStateStore(WalletTopics.BALANCES.name());
        this.fingerprints = context.getStateStore(WalletTopics.FINGERPRINTS.name());
        this.transactions = context.getStateStore(WalletTopics.TRANSACTIONS.name());
        this.transfers = context.getStateStore(WalletTopics.TRANSFERS.name());
        this.rates = context.getStateStore(WalletTopics.FX_RATES.name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.headers().lastHeader(WalletTopics.COMMAND_BATCH_HEADER) != null) {
            batchOutcomes = new ArrayList<>();
            try {
                BatchRecords.each(record, context.recordMetadata().map(m -> m.partition()).orElse(-1),
                        this::apply, (r, problem) -> deadLetter(r, problem.reason(), problem.field()));
                // one record answers every item of the batch
                if (!batchOutcomes.isEmpty()) context.forward(EventRecords.outcomes(record.key(), batchOutcomes, record.timestamp()), eventsSink);
            } finally {
                batchOutcomes = null;
            }
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Command command;
        try {
            command = record.value() == null ? null : Command.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            command = null;
        }
        apply(record, key, command);
    }

    /** Decides one command for wallet {@code key} (a record's, or a batch item's) and writes what it decided. */
    private void apply(Record<byte[], byte[]> record, String key, Command command) {
        Optional<WalletId> walletId = WalletId.parse(key);
        if (walletId.isEmpty()) {
            deadLetter(record, "key is not a wallet id", "key");
            return;
        }
        Optional<Problem> problem = problem(command, walletId.get().value());
        if (problem.isPresent()) {
            deadLetter(record, problem.get().reason(), problem.get().field());
            return;
        }
        String id = walletId.get().value();
        Span span = LedgerTracing.ledger(command, record.headers()); // trace: one span per command
        String fingerprintKey = StoreKeys.fingerprint(id, command.getFingerprint());
        LedgerState state = LedgerState.of(walletId.get()).withWallet(balances.get(id))
                .withFingerprint(fingerprints.get(fingerprintKey)).withHistory(transactionId -> find(id, transactionId))
                .withRates(code -> Optional.ofNullable(rates.get(code)).map(FxRate::perEur))
                .withTransfer(transferId(command).isEmpty() ? null : transfers.get(transferId(command)));
        Decision decision = ledger.decide(command, state);
        decision.fingerprint().ifPresent(f -> fingerprints.put(fingerprintKey, f));
        if (decision instanceof Decision.Applied applied) store(id, applied);
        if (batchOutcomes != null) batchOutcomes.add(decision.outcome());
        else context.forward(LedgerTracing.traced(EventRecords.of(id, decision.outcome(), record.timestamp()), span), eventsSink);
        if (decision instanceof Decision.Applied applied) {
            for (WalletEvent e : applied.external()) {
                context.forward(LedgerTracing.traced(EventRecords.of(id, e, record.timestamp()), span), eventsSink);
            }
        }
        if (decision instanceof Decision.Rejected rejected && rejected.release().isPresent()) {
            Command release = rejected.release().get();
            String externalId = release.getReleaseExternalId().getExternalId();
            context.forward(LedgerTracing.traced(new Record<>(externalId.getBytes(StandardCharsets.UTF_8), release.toByteArray(),
                    record.timestamp()), span), externalIdsSink);
        }
        // a transfer's next step, in this same transaction: a committed debit always has its credit command
        for (Decision.Next next : decision.next()) {
            context.forward(LedgerTracing.traced(new Record<>(next.key().getBytes(StandardCharsets.UTF_8),
                    next.command().toByteArray(), record.timestamp()), span), commandsSink);
        }
        LedgerTracing.done(span, decision.outcome());
    }

    private void store(String walletId, Decision.Applied applied) {
        balances.put(walletId, applied.state());
        applied.transfer().ifPresent(t -> transfers.put(t.getId(), t));
        for (Transaction t : applied.appended()) transactions.put(StoreKeys.entry(t), t);
        // the stored entry is marked (wallet.events keeps it as created, then a TransactionVoided)
        applied.voided().flatMap(voided -> stored(walletId, voided)).ifPresent(original -> transactions.put(StoreKeys.entry(original),
                original.toBuilder().setVoidedBy(applied.appended().get(applied.appended().size() - 1).getId()).build()));
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(WalletTopics.SERVICE, record, context.recordMetadata(), reason, field), deadLetterSink);
    }

    private Optional<LedgerState.Entry> find(String walletId, String transactionId) {
        return stored(walletId, transactionId).map(t -> new LedgerState.Entry(t, !t.getVoidedBy().isEmpty()));
    }

    /** The wallet's entry with this id: its refno is in the id ({@link EntryId}), so no index is needed. */
    private Optional<Transaction> stored(String walletId, String transactionId) {
        OptionalLong refno = EntryId.refno(transactionId);
        if (refno.isEmpty()) return Optional.empty();
        return HistoryQuery.entry(transactions, walletId, refno.getAsLong()).filter(t -> t.getId().equals(transactionId));
    }

    /** The transfer a settle (or a transfer's replay) needs to see, "" for other commands. */
    private static String transferId(Command command) {
        if (command.hasTransferSettle()) return command.getTransferSettle().getTransferId();
        return command.hasTransferOut() ? command.getTransferOut().getTransferId() : "";
    }

    /** Why a command cannot be decided, and the field at fault. */
    record Problem(String reason, String field) {}

    private static Optional<Problem> problem(Command command, String walletId) {
        if (command == null) return Optional.of(new Problem("value is not a wallet Command (protobuf)", "value"));
        if (command.getSerializedSize() > MAX_COMMAND_BYTES) {
            return Optional.of(new Problem("command of " + command.getSerializedSize() + " bytes is over the bound of "
                    + MAX_COMMAND_BYTES, "value"));
        }
        if (!Fingerprint.isValid(command.getFingerprint())) {
            return Optional.of(new Problem("fingerprint missing or too long", "fingerprint"));
        }
        if (command.getRequestId().isEmpty()) return Optional.of(new Problem("request_id missing", "request_id"));
        String amount = command.hasPostTransaction() ? command.getPostTransaction().getAmount()
                : command.hasTransferOut() ? command.getTransferOut().getAmount()
                : command.hasTransferIn() ? command.getTransferIn().getAmount() : "";
        if (!amount.isEmpty() && !AmountText.isPlain(amount)) {
            return Optional.of(new Problem("amount is not a plain decimal (at most 19 digits before the point and 18 after)", "amount"));
        }
        String bodyWallet = Commands.walletId(command);
        if (bodyWallet == null) return Optional.of(new Problem("command has no body", "body"));
        if (!bodyWallet.isEmpty() && !bodyWallet.equals(walletId)) {
            return Optional.of(new Problem("wallet id in the command does not match the key", "wallet_id"));
        }
        return Optional.empty();
    }
}
