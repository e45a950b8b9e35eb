package casino.wallet.ledger;

import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Timer;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.WalletInfo;
import com.google.protobuf.ByteString;

/**
 * What a decision changed, as facts in order: {@link Ledger#decide} returns them (inside its {@link Decision}),
 * {@link Ledger#evolve} folds each into the state, and {@link LedgerStore} writes the stores from the folded
 * state. Sealed: evolve and the store switch over every kind, so a new kind is a compile error until both know it.
 */
public sealed interface LedgerEvent {
    /** A wallet came into being (no entries yet). */
    record WalletOpened(WalletInfo info) implements LedgerEvent {}

    /** An entry was appended to the wallet's history; the balance is its new balance. */
    record EntryAppended(Transaction entry) implements LedgerEvent {}

    /** Entry {@code transactionId} was reversed by entry {@code voidedBy}. */
    record EntryVoided(String transactionId, String voidedBy) implements LedgerEvent {}

    /** A deposit moved the threshold flag's state: the flag, the deposits kept (packed) and the newest deposit's time. */
    record ThresholdEvaluated(boolean above, ByteString recentDepositsPacked, long maxDepositAtMs) implements LedgerEvent {}

    /** One more command was applied to the wallet. */
    record CommandApplied() implements LedgerEvent {}

    /** A transfer of this wallet is now as recorded. */
    record TransferRecorded(TransferRecord transfer) implements LedgerEvent {}

    /** A hold of this wallet is now as recorded, and the wallet's holds reserve {@code heldMinor} in all. */
    record HoldRecorded(casino.contract.wallet.proto.Hold hold, long heldMinor) implements LedgerEvent {}

    /** A command is to be decided when {@code timer} is due (wall clock); kept in wallet-timers until then. */
    record TimerScheduled(Timer timer) implements LedgerEvent {}

    /** The command's fingerprint is used, with this digest and outcome. */
    record FingerprintUsed(FingerprintRecord record) implements LedgerEvent {}
}
