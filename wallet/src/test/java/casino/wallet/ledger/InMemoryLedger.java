package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pure ledger over maps, stored the way LedgerProcessor stores a decision in its stores: for
 * Given/When/Then tests of the rules without Kafka.
 */
final class InMemoryLedger {
    private final Ledger ledger = new Ledger(LedgerFixture.RULES);
    private final Map<String, WalletState> wallets = new HashMap<>();
    private final Map<String, FingerprintRecord> fingerprints = new HashMap<>();
    private final Map<String, LedgerState.Entry> entries = new HashMap<>();
    private final Map<String, java.math.BigDecimal> rates = new HashMap<>();
    private final Map<String, casino.contract.wallet.proto.TransferRecord> transfers = new HashMap<>();
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
        String id = walletId;
        String fingerprintKey = StoreKeys.fingerprint(id, command.getFingerprint());
        LedgerState state = LedgerState.of(new WalletId(id)).withWallet(wallets.get(id))
                .withFingerprint(fingerprints.get(fingerprintKey))
                .withHistory(txid -> Optional.ofNullable(entries.get(id + "/" + txid)))
                .withRates(code -> Optional.ofNullable(rates.get(code)))
                .withTransfer(command.hasTransferSettle() ? transfers.get(command.getTransferSettle().getTransferId())
                        : command.hasTransferOut() ? transfers.get(command.getTransferOut().getTransferId()) : null);
        Decision decision = ledger.decide(command, state);
        decision.fingerprint().ifPresent(f -> fingerprints.put(fingerprintKey, f));
        next.addAll(decision.next());
        if (decision instanceof Decision.Applied applied) {
            applied.transfer().ifPresent(t -> transfers.put(t.getId(), t));
            wallets.put(id, applied.state());
            for (Transaction t : applied.appended()) entries.put(id + "/" + t.getId(), new LedgerState.Entry(t, false));
            applied.voided().ifPresent(v -> entries.computeIfPresent(id + "/" + v,
                    (k, e) -> new LedgerState.Entry(e.transaction(), true)));
        }
        return decision;
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
