package casino.wallet.ledger;

import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletState;
import java.util.Optional;

/**
 * What the ledger knows about one wallet when a command for it arrives: the wallet (absent if it
 * does not exist), the record kept under the command's fingerprint (absent if unused), and the
 * wallet's history for voids.
 */
public record LedgerState(WalletId walletId, Optional<WalletState> wallet, Optional<FingerprintRecord> fingerprint,
                          History history) {

    /** An entry of the wallet's history and whether it has been voided. */
    public record Entry(Transaction transaction, boolean voided) {}

    /** Finds one of the wallet's entries by its id. */
    @FunctionalInterface
    public interface History {
        History NONE = transactionId -> Optional.empty();

        Optional<Entry> find(String transactionId);
    }

    /** A wallet that does not exist yet, with no fingerprint used. */
    public static LedgerState of(WalletId walletId) {
        return new LedgerState(walletId, Optional.empty(), Optional.empty(), History.NONE);
    }

    public LedgerState withWallet(WalletState wallet) {
        return new LedgerState(walletId, Optional.ofNullable(wallet), fingerprint, history);
    }

    public LedgerState withFingerprint(FingerprintRecord record) {
        return new LedgerState(walletId, wallet, Optional.ofNullable(record), history);
    }

    public LedgerState withHistory(History history) {
        return new LedgerState(walletId, wallet, fingerprint, history);
    }

    String id() {
        return walletId.value();
    }
}
