package casino.wallet.ledger;

import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Hold;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.WalletState;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What the ledger knows about one wallet when a command for it arrives: the wallet (absent if it
 * does not exist), the record kept under the command's fingerprint (absent if unused), the
 * wallet's history for voids, the exchange rates it holds now, the transfer a settle names and the hold a
 * hold command names.
 */
public record LedgerState(WalletId walletId, Optional<WalletState> wallet, Optional<FingerprintRecord> fingerprint,
                          History history, Rates rates, Optional<TransferRecord> transfer, Optional<Hold> hold) {

    /** An entry of the wallet's history and whether it has been voided. */
    public record Entry(Transaction transaction, boolean voided) {}

    /** Finds one of the wallet's entries by its id. */
    @FunctionalInterface
    public interface History {
        History NONE = transactionId -> Optional.empty();

        Optional<Entry> find(String transactionId);
    }

    /** Units of a currency per 1 EUR, as the ledger holds them now (EUR is always 1). */
    @FunctionalInterface
    public interface Rates {
        Rates NONE = code -> Optional.empty();

        Optional<BigDecimal> perEurOf(String code);

        default Optional<BigDecimal> perEur(String code) {
            return "EUR".equals(code) ? Optional.of(BigDecimal.ONE) : perEurOf(code);
        }
    }

    /** A wallet that does not exist yet, with no fingerprint used. */
    public static LedgerState of(WalletId walletId) {
        return new LedgerState(walletId, Optional.empty(), Optional.empty(), History.NONE, Rates.NONE, Optional.empty(), Optional.empty());
    }

    public LedgerState withWallet(WalletState wallet) {
        return new LedgerState(walletId, Optional.ofNullable(wallet), fingerprint, history, rates, transfer, hold);
    }

    public LedgerState withFingerprint(FingerprintRecord record) {
        return new LedgerState(walletId, wallet, Optional.ofNullable(record), history, rates, transfer, hold);
    }

    public LedgerState withHistory(History history) {
        return new LedgerState(walletId, wallet, fingerprint, history, rates, transfer, hold);
    }

    public LedgerState withRates(Rates rates) {
        return new LedgerState(walletId, wallet, fingerprint, history, rates, transfer, hold);
    }

    public LedgerState withTransfer(TransferRecord record) {
        return new LedgerState(walletId, wallet, fingerprint, history, rates, Optional.ofNullable(record), hold);
    }

    public LedgerState withHold(Hold record) {
        return new LedgerState(walletId, wallet, fingerprint, history, rates, transfer, Optional.ofNullable(record));
    }

    String id() {
        return walletId.value();
    }
}
