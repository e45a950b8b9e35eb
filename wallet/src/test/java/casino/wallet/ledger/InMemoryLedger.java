package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pure ledger over maps, stored by the one persistence LedgerProcessor uses too ({@link LedgerStore}):
 * for Given/When/Then tests of the rules without Kafka.
 */
final class InMemoryLedger {
    private final Map<String, WalletState> wallets = new HashMap<>();
    private final Map<String, FingerprintRecord> fingerprints = new HashMap<>();
    private final java.util.TreeMap<String, Transaction> entries = new java.util.TreeMap<>();
    private final Map<String, java.math.BigDecimal> rates = new HashMap<>();
    private final Map<String, casino.contract.wallet.proto.TransferRecord> transfers = new HashMap<>();
    private final java.util.TreeMap<String, casino.contract.wallet.proto.Timer> timers = new java.util.TreeMap<>();
    private final java.util.TreeMap<String, casino.contract.wallet.proto.Hold> holds = new java.util.TreeMap<>();
    private final LedgerStore store = new LedgerStore(new Ledger(LedgerFixture.RULES), table(wallets), table(fingerprints), table(entries),
            (walletId, refno) -> entries.values().stream().filter(t -> t.getWalletId().equals(walletId) && t.getRefno() == refno).findFirst(),
            table(transfers), table(timers),
            (now, max) -> timers.headMap(StoreKeys.timersDueBy(now), true).values().stream().limit(max).toList(),
            code -> Optional.ofNullable(rates.get(code)), table(holds));

    private static <V> LedgerStore.Table<V> table(Map<String, V> map) {
        return LedgerStore.Table.of(map::get, map::put, map::remove);
    }
    /** The commands decisions sent on (a transfer's next steps), in order, not yet applied: the topic between steps. */
    private final java.util.ArrayDeque<Decision.Next> next = new java.util.ArrayDeque<>();

    /** Sets (or with null removes) a rate, as a record of fx.rates would. */
    void rate(String currency, String perEur) {
        if (perEur == null) rates.remove(currency);
        else rates.put(currency, new java.math.BigDecimal(perEur));
    }

    /** Applies the oldest command a decision sent on. */
    Decision step() {
        return apply(next.removeFirst().command());
    }

    /** The oldest command a decision sent on, without applying it. */
    Command peek() {
        return next.getFirst().command();
    }

    /** Takes the oldest sent-on command off the queue, for the test to apply. */
    Command stepCommand() {
        return next.removeFirst().command();
    }

    /** Applies sent-on commands until none is left. */
    void settle() {
        while (!next.isEmpty()) step();
    }

    Optional<casino.contract.wallet.proto.TransferRecord> transfer(String id) {
        return Optional.ofNullable(transfers.get(id));
    }

    /** Decides the command against what is stored and stores the decision. */
    Decision apply(Command command) {
        String walletId = Commands.walletId(command);
        if (walletId == null) walletId = command.getReleaseExternalId().getWalletId();
        Decision decision = store.apply(new WalletId(walletId), command);
        next.addAll(decision.next());
        return decision;
    }

    /** Fires the timers due at {@code nowMs}, as the ledger's punctuator does; their decisions in due order. */
    java.util.List<Decision> fireDue(long nowMs) {
        return store.due(nowMs, 1000).stream().map(store::fire).toList();
    }

    /** Applies the command and returns the decision, which must be {@code type}. */
    <D extends Decision> D expect(Class<D> type, Command command) {
        Decision decision = apply(command);
        if (!type.isInstance(decision)) throw new AssertionError("expected " + type.getSimpleName() + ", got " + decision);
        return type.cast(decision);
    }

    Optional<WalletState> wallet(String walletId) {
        return Optional.ofNullable(wallets.get(walletId));
    }
}
