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

    /** Decides the command against what is stored and stores the decision. */
    Decision apply(Command command) {
        String walletId = Commands.walletId(command);
        if (walletId == null) walletId = command.getReleaseExternalId().getWalletId();
        String id = walletId;
        String fingerprintKey = StoreKeys.fingerprint(id, command.getFingerprint());
        LedgerState state = LedgerState.of(new WalletId(id)).withWallet(wallets.get(id))
                .withFingerprint(fingerprints.get(fingerprintKey))
                .withHistory(txid -> Optional.ofNullable(entries.get(StoreKeys.entryId(id, txid))));
        Decision decision = ledger.decide(command, state);
        decision.fingerprint().ifPresent(f -> fingerprints.put(fingerprintKey, f));
        if (decision instanceof Decision.Applied applied) {
            wallets.put(id, applied.state());
            for (Transaction t : applied.appended()) entries.put(StoreKeys.entryId(id, t.getId()), new LedgerState.Entry(t, false));
            applied.voided().ifPresent(v -> entries.computeIfPresent(StoreKeys.entryId(id, v),
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
