package casino.wallet.ledger;

import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletState;
import java.util.List;
import java.util.Optional;

/** {@code evolve(state, event) -> state}: the pure fold of the ledger's events (see {@link LedgerEvent}). */
final class Evolve {
    private Evolve() {}

    static LedgerState evolve(LedgerState state, LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.WalletOpened e -> state.withWallet(wallet(null, e));
            case LedgerEvent.EntryAppended e -> state.withWallet(wallet(existing(state), e)).withHistory(appended(state.history(), e.entry()));
            case LedgerEvent.ThresholdEvaluated e -> state.withWallet(wallet(existing(state), e));
            case LedgerEvent.CommandApplied e -> state.withWallet(wallet(existing(state), e));
            case LedgerEvent.EntryVoided e -> state.withHistory(voided(state.history(), e.transactionId(), e.voidedBy()));
            case LedgerEvent.TransferRecorded e -> state.withTransfer(e.transfer());
            case LedgerEvent.HoldRecorded e -> state.withWallet(wallet(existing(state), e)).withHold(e.hold());
            case LedgerEvent.FingerprintUsed e -> state.withFingerprint(e.record());
            case LedgerEvent.TimerScheduled e -> state; // no decision reads timers: they are the store's until due
        };
    }

    static LedgerState evolve(LedgerState state, List<LedgerEvent> events) {
        LedgerState s = state;
        for (LedgerEvent e : events) s = evolve(s, e);
        return s;
    }

    /** The wallet part of the fold: the wallet after {@code event} ({@code wallet} is null before it is opened). */
    static WalletState wallet(WalletState wallet, LedgerEvent event) {
        return switch (event) {
            case LedgerEvent.WalletOpened e -> Rulings.newWallet(e.info());
            case LedgerEvent.EntryAppended e -> {
                Transaction t = e.entry();
                long amount = t.getAmount().getMinor();
                yield wallet.toBuilder()
                        .setBalance(Money.newBuilder().setMinor(t.getNewBalanceMinor()).setCurrency(wallet.getBalance().getCurrency()))
                        .setTotalCreditMinor(wallet.getTotalCreditMinor() + Math.max(amount, 0))
                        .setTotalDebitMinor(wallet.getTotalDebitMinor() + Math.max(-amount, 0))
                        .setLastRefno(t.getRefno()).setLastCreatedAtMs(t.getCreatedAtMs()).build();
            }
            case LedgerEvent.ThresholdEvaluated e -> wallet.toBuilder().setAboveThreshold(e.above())
                    .setRecentDepositsPacked(e.recentDepositsPacked()).setMaxDepositAtMs(e.maxDepositAtMs()).build();
            case LedgerEvent.CommandApplied e -> wallet.toBuilder().setAppliedCommands(wallet.getAppliedCommands() + 1).build();
            case LedgerEvent.EntryVoided e -> wallet;
            case LedgerEvent.TransferRecorded e -> wallet;
            case LedgerEvent.HoldRecorded e -> wallet.toBuilder().setHeldMinor(e.heldMinor())
                    .setHoldsPlaced(Math.max(wallet.getHoldsPlaced(), e.hold().getSeq())).build();
            case LedgerEvent.FingerprintUsed e -> wallet;
            case LedgerEvent.TimerScheduled e -> wallet;
        };
    }

    private static WalletState existing(LedgerState state) {
        return state.wallet().orElseThrow(() -> new IllegalStateException("wallet " + state.id() + " is not open"));
    }

    private static LedgerState.History appended(LedgerState.History history, Transaction entry) {
        return id -> id.equals(entry.getId()) ? Optional.of(new LedgerState.Entry(entry, false)) : history.find(id);
    }

    /** The history with entry {@code id} marked as reversed (its stored copy carries {@code voided_by}). */
    private static LedgerState.History voided(LedgerState.History history, String id, String by) {
        return txid -> txid.equals(id)
                ? history.find(txid).map(e -> new LedgerState.Entry(e.transaction().toBuilder().setVoidedBy(by).build(), true))
                : history.find(txid);
    }
}
