package casino.wallet.ledger;

import casino.common.kafka.DeadLetter;
import casino.wallet.history.HistoryQuery;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Transaction;
import casino.common.money.FxRate;
import casino.contract.wallet.proto.WalletEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import casino.contract.wallet.proto.Timer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
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
    /** How often the wall-clock punctuator looks for due timers, and how many it fires at most each time. */
    public static final Duration TIMER_INTERVAL = Duration.ofSeconds(1);
    static final int MAX_TIMERS_PER_FIRING = 1000;
    private final Ledger ledger;
    private final String eventsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;
    private LedgerStore store;
    private final String externalIdsSink;
    private final String commandsSink;
    /** While a command batch is decided: its items' outcomes, written as one record once all are decided. */
    private List<WalletEvent> batchOutcomes;

    private final io.micrometer.core.instrument.Timer lateness;

    public LedgerProcessor(Ledger ledger, String eventsSink, String deadLetterSink, String externalIdsSink, String commandsSink) {
        this(ledger, eventsSink, deadLetterSink, externalIdsSink, commandsSink, new CompositeMeterRegistry());
    }

    /** As above; the lateness of fired timers goes to {@code meters} ({@code wallet_timer_lateness_seconds}). */
    public LedgerProcessor(Ledger ledger, String eventsSink, String deadLetterSink, String externalIdsSink, String commandsSink,
                           MeterRegistry meters) {
        this.lateness = io.micrometer.core.instrument.Timer.builder("wallet.timer.lateness")
                .description("how long after its due time a ledger timer fired (wall clock)")
                .publishPercentileHistogram().register(meters);
        this.ledger = ledger;
        this.eventsSink = eventsSink;
        this.deadLetterSink = deadLetterSink;
        this.externalIdsSink = externalIdsSink;
        this.commandsSink = commandsSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<String, Transaction> transactions = context.getStateStore(WalletTopics.TRANSACTIONS.name());
        KeyValueStore<String, FxRate> rates = context.getStateStore(WalletTopics.FX_RATES.name());
        KeyValueStore<String, Timer> timers = context.getStateStore(WalletTopics.TIMERS.name());
        this.store = new LedgerStore(ledger, table(context.getStateStore(WalletTopics.BALANCES.name())),
                table(context.getStateStore(WalletTopics.FINGERPRINTS.name())), table(transactions),
                (walletId, refno) -> HistoryQuery.entry(transactions, walletId, refno),
                table(context.getStateStore(WalletTopics.TRANSFERS.name())), table(timers), (now, max) -> due(timers, now, max),
                code -> Optional.ofNullable(rates.get(code)).map(FxRate::perEur),
                table(context.getStateStore(WalletTopics.HOLDS.name())));
        // due timers fire as ordinary commands, in the task's exactly-once transaction; the store is the task's, so
        // after a restart or a rebalance the partition's new owner fires them
        context.schedule(TIMER_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fireDue);
    }

    private static List<Timer> due(KeyValueStore<String, Timer> timers, long nowMs, int max) {
        List<Timer> due = new ArrayList<>();
        try (KeyValueIterator<String, Timer> it = timers.range(null, StoreKeys.timersDueBy(nowMs))) {
            while (it.hasNext() && due.size() < max) due.add(it.next().value);
        }
        return due;
    }

    /** Fires the timers due now (wall clock), oldest first: each decided and answered like a command, then removed. */
    private void fireDue(long nowMs) {
        for (Timer timer : store.due(nowMs, MAX_TIMERS_PER_FIRING)) {
            lateness.record(Duration.ofMillis(Math.max(0, nowMs - timer.getDueAtMs())));
            Span span = LedgerTracing.ledger(timer.getCommand(), new RecordHeaders());
            emit(timer.getWalletId(), store.fire(timer), nowMs, span);
        }
    }

    private static <V> LedgerStore.Table<V> table(KeyValueStore<String, V> store) {
        return LedgerStore.Table.of(store::get, store::put, key -> store.delete(key));
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
        Span span = LedgerTracing.ledger(command, record.headers()); // trace: one span per command
        emit(walletId.get().value(), store.apply(walletId.get(), command), record.timestamp(), span);
    }

    /** Writes what was decided for wallet {@code id}: the outcome, the external events, a release, the next steps. */
    private void emit(String id, Decision decision, long timestamp, Span span) {
        if (batchOutcomes != null) batchOutcomes.add(decision.outcome());
        else context.forward(LedgerTracing.traced(EventRecords.of(id, decision.outcome(), timestamp), span), eventsSink);
        if (decision instanceof Decision.Applied applied) {
            for (WalletEvent e : applied.external()) {
                context.forward(LedgerTracing.traced(EventRecords.of(id, e, timestamp), span), eventsSink);
            }
        }
        if (decision instanceof Decision.Rejected rejected && rejected.release().isPresent()) {
            Command release = rejected.release().get();
            String externalId = release.getReleaseExternalId().getExternalId();
            context.forward(LedgerTracing.traced(new Record<>(externalId.getBytes(StandardCharsets.UTF_8), release.toByteArray(),
                    timestamp), span), externalIdsSink);
        }
        // a transfer's next step, in this same transaction: a committed debit always has its credit command
        for (Decision.Next next : decision.next()) {
            context.forward(LedgerTracing.traced(new Record<>(next.key().getBytes(StandardCharsets.UTF_8),
                    next.command().toByteArray(), timestamp), span), commandsSink);
        }
        LedgerTracing.done(span, decision.outcome());
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(WalletTopics.SERVICE, record, context.recordMetadata(), reason, field), deadLetterSink);
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
        String amount = Commands.amountText(command);
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
