package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.Timer;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.WalletState;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one persistence of the ledger: loads the {@link LedgerState} a command needs from the stores, has the
 * {@link Ledger} decide, folds the decision's events with {@link Ledger#evolve} and writes the stores from
 * the result. The Streams processor ({@link LedgerProcessor}, over its state stores) and the tests' in-memory
 * ledger (over maps) both apply commands through it. Knows no Kafka: the stores are {@link Table}s.
 */
public final class LedgerStore {
    /** One key-value store of the ledger. */
    public interface Table<V> {
        V get(String key);

        void put(String key, V value);

        void delete(String key);

        static <V> Table<V> of(Function<String, V> get, BiConsumer<String, V> put, Consumer<String> delete) {
            return new Table<>() {
                @Override
                public V get(String key) {
                    return get.apply(key);
                }

                @Override
                public void put(String key, V value) {
                    put.accept(key, value);
                }

                @Override
                public void delete(String key) {
                    delete.accept(key);
                }
            };
        }
    }

    /** The timers due at or before a time, in due order, at most {@code max} (wallet-timers up to {@link StoreKeys#timersDueBy}). */
    @FunctionalInterface
    public interface DueTimers {
        List<Timer> due(long nowMs, int max);
    }

    /** Finds a wallet's entry by its refno in wallet-transactions (keyed by time and refno: {@link StoreKeys#entry}). */
    @FunctionalInterface
    public interface Entries {
        Optional<Transaction> entry(String walletId, long refno);
    }

    private final Ledger ledger;
    private final Table<WalletState> balances;
    private final Table<FingerprintRecord> fingerprints;
    private final Table<Transaction> transactions;
    private final Entries entries;
    private final Table<TransferRecord> transfers;
    private final Table<Timer> timers;
    private final Table<Hold> holds;
    private final DueTimers dueTimers;
    private final LedgerState.Rates rates;

    public LedgerStore(Ledger ledger, Table<WalletState> balances, Table<FingerprintRecord> fingerprints, Table<Transaction> transactions,
                       Entries entries, Table<TransferRecord> transfers, Table<Timer> timers, DueTimers dueTimers,
                       LedgerState.Rates rates, Table<Hold> holds) {
        this.holds = holds;
        this.timers = timers;
        this.dueTimers = dueTimers;
        this.ledger = ledger;
        this.balances = balances;
        this.fingerprints = fingerprints;
        this.transactions = transactions;
        this.entries = entries;
        this.transfers = transfers;
        this.rates = rates;
    }

    /** Decides {@code command} for wallet {@code walletId} against the stores and writes what it changed. */
    public Decision apply(WalletId walletId, Command command) {
        LedgerState state = load(walletId, command);
        Decision decision = ledger.decide(command, state);
        List<LedgerEvent> events = decision.events();
        save(walletId.value(), command, Evolve.evolve(state, events), events);
        return decision;
    }

    /** The timers due at {@code nowMs} (wall clock), oldest first, at most {@code max}. */
    public List<Timer> due(long nowMs, int max) {
        return dueTimers.due(nowMs, max);
    }

    /**
     * Fires a due timer: its command is decided like any other ({@link #apply}) and the timer is removed, in the
     * same transaction as the caller's other writes. Firing again is harmless: the command's fingerprint makes
     * it a replay.
     */
    public Decision fire(Timer timer) {
        Decision decision = apply(new WalletId(timer.getWalletId()), timer.getCommand());
        timers.delete(StoreKeys.timer(timer));
        return decision;
    }

    /** What the ledger knows about the wallet when {@code command} arrives. */
    LedgerState load(WalletId walletId, Command command) {
        String id = walletId.value();
        String transferId = Commands.transferId(command);
        String holdId = Handlers.of(command).holdId(command);
        return LedgerState.of(walletId).withWallet(balances.get(id))
                .withFingerprint(fingerprints.get(StoreKeys.fingerprint(id, command.getFingerprint())))
                .withHistory(transactionId -> find(id, transactionId)).withRates(rates)
                .withTransfer(transferId.isEmpty() ? null : transfers.get(transferId))
                .withHold(StoreKeys.hold(id, holdId).map(holds::get).filter(h -> h.getId().equals(holdId)).orElse(null));
    }

    /** Writes each event's change, the values taken from {@code after} (the state the events evolved to). */
    private void save(String walletId, Command command, LedgerState after, List<LedgerEvent> events) {
        boolean walletChanged = false;
        for (LedgerEvent event : events) {
            switch (event) {
                case LedgerEvent.WalletOpened e -> walletChanged = true;
                case LedgerEvent.ThresholdEvaluated e -> walletChanged = true;
                case LedgerEvent.CommandApplied e -> walletChanged = true;
                case LedgerEvent.EntryAppended e -> {
                    transactions.put(StoreKeys.entry(e.entry()), e.entry());
                    walletChanged = true;
                }
                // the stored entry is marked (wallet.events keeps it as created, then a TransactionVoided)
                case LedgerEvent.EntryVoided e -> after.history().find(e.transactionId())
                        .ifPresent(marked -> transactions.put(StoreKeys.entry(marked.transaction()), marked.transaction()));
                case LedgerEvent.TransferRecorded e -> transfers.put(e.transfer().getId(), after.transfer().orElseThrow());
                case LedgerEvent.TimerScheduled e -> timers.put(StoreKeys.timer(e.timer()), e.timer());
                case LedgerEvent.HoldRecorded e -> {
                    holds.put(StoreKeys.hold(e.hold()), e.hold());
                    walletChanged = true;
                }
                case LedgerEvent.FingerprintUsed e ->
                        fingerprints.put(StoreKeys.fingerprint(walletId, command.getFingerprint()), after.fingerprint().orElseThrow());
            }
        }
        if (walletChanged) balances.put(walletId, after.wallet().orElseThrow());
    }

    private Optional<LedgerState.Entry> find(String walletId, String transactionId) {
        return stored(walletId, transactionId).map(t -> new LedgerState.Entry(t, !t.getVoidedBy().isEmpty()));
    }

    /** The wallet's entry with this id: its refno is in the id ({@link EntryId}), so no index is needed. */
    private Optional<Transaction> stored(String walletId, String transactionId) {
        OptionalLong refno = EntryId.refno(transactionId);
        if (refno.isEmpty()) return Optional.empty();
        return entries.entry(walletId, refno.getAsLong()).filter(t -> t.getId().equals(transactionId));
    }
}
