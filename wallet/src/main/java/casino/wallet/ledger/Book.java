package casino.wallet.ledger;

import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The entries one command appends to a wallet, as events ({@link LedgerEvent}) on a copy of its state, each
 * folded in at once by {@link Evolve}: each entry with the next refno, a time not before the previous
 * entry's, old balance = the previous new balance, and counted in the credit/debit totals. An entry that
 * would overflow the balance or a total is not appended.
 */
final class Book {
    private final String walletId;
    private WalletState state;
    private final List<Transaction> entries = new ArrayList<>();
    private final List<LedgerEvent> events = new ArrayList<>();

    Book(String walletId, WalletState start) {
        this.walletId = walletId;
        this.state = start;
    }

    /** A book that opens the wallet first. */
    static Book opening(String walletId, WalletInfo info) {
        Book book = new Book(walletId, null);
        book.add(new LedgerEvent.WalletOpened(info));
        return book;
    }

    private void add(LedgerEvent event) {
        state = Evolve.wallet(state, event);
        events.add(event);
    }

    /** The balance before the next entry. */
    long balance() {
        return state.getBalance().getMinor();
    }

    /** Appends one entry; false (and nothing changed) when the balance or a total would overflow. */
    boolean append(long amount, EntryKind kind, String fingerprint, String description, Map<String, String> labels,
                   long createdMs, String voids) {
        return append(amount, kind, fingerprint, description, labels, createdMs, voids, Transaction.getDefaultInstance());
    }

    /** As above, with the entry's optional fields ({@code original}, {@code rate}, transfer id and counterparty) from {@code extras}. */
    boolean append(long amount, EntryKind kind, String fingerprint, String description, Map<String, String> labels,
                   long createdMs, String voids, Transaction extras) {
        long old = balance();
        OptionalLong next = Checked.add(old, amount);
        OptionalLong credit = amount > 0 ? Checked.add(state.getTotalCreditMinor(), amount) : OptionalLong.of(state.getTotalCreditMinor());
        OptionalLong debit = amount < 0 ? Checked.add(state.getTotalDebitMinor(), -amount) : OptionalLong.of(state.getTotalDebitMinor());
        if (next.isEmpty() || credit.isEmpty() || debit.isEmpty() || amount == Long.MIN_VALUE) return false;
        long refno = state.getLastRefno() + 1;
        long created = Math.max(Math.max(createdMs, 0), state.getLastCreatedAtMs());
        String currency = state.getBalance().getCurrency();
        Transaction entry = Transaction.newBuilder()
                .setId(EntryId.of(walletId, refno))
                .setWalletId(walletId)
                .setRefno(refno)
                .setAmount(Money.newBuilder().setMinor(amount).setCurrency(currency))
                .setFingerprint(fingerprint)
                .setDescription(description)
                .putAllLabels(labels)
                .setCreatedAtMs(created)
                .setOldBalanceMinor(old)
                .setNewBalanceMinor(next.getAsLong())
                .setKind(kind)
                .setVoidsId(voids)
                .mergeFrom(extras)
                .build();
        entries.add(entry);
        add(new LedgerEvent.EntryAppended(entry));
        return true;
    }

    /** Records {@code hold} as it now stands; the wallet's holds then reserve {@code heldMinor}. */
    void hold(casino.contract.wallet.proto.Hold hold, long heldMinor) {
        add(new LedgerEvent.HoldRecorded(hold, heldMinor));
    }

    /** A deposit's new threshold state (see {@link ThresholdRule}). */
    void threshold(ThresholdRule.Result flag) {
        add(new LedgerEvent.ThresholdEvaluated(flag.above(), flag.kept().encode(), flag.newestAtMs()));
    }

    /** Closes the book: the command counts as applied. */
    void applied() {
        add(new LedgerEvent.CommandApplied());
    }

    /** The wallet after the events so far. */
    WalletState state() {
        return state;
    }

    List<Transaction> entries() {
        return List.copyOf(entries);
    }

    List<LedgerEvent> events() {
        return List.copyOf(events);
    }
}
