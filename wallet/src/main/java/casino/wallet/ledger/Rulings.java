package casino.wallet.ledger;

import casino.common.money.Currencies;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import casino.contract.wallet.proto.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every handler rules with: the ledger's rules, amounts read and converted ({@link Amounts}), and
 * the shapes of a decision (applied with its entries, or one of the refusals, each with the wallet's
 * balance as it stands).
 */
final class Rulings {
    private final LedgerRules rules;
    private final Amounts amounts;

    Rulings(LedgerRules rules) {
        this.rules = rules;
        this.amounts = new Amounts(rules.currencies());
    }

    LedgerRules rules() {
        return rules;
    }

    /** {@code money} in {@code target}'s minor units at the rates held now (see {@link Amounts}). */
    Optional<Amounts.Converted> convert(Money money, String target, LedgerState.Rates rates) {
        return amounts.convert(money, target, rates);
    }

    Decision noRate(LedgerState state, WalletEvent.Builder event, String source, String target) {
        String missing = state.rates().perEur(source).isEmpty() ? source : target;
        return reject(state, event, RejectionCode.NO_RATE, "no rate for " + missing);
    }

    /** Parses {@code text} as an amount of {@code currency} into {@code out}'s minor units, or the refusal. */
    Optional<Decision> minor(LedgerState state, WalletEvent.Builder event, String text, String currency, Money.Builder out) {
        if (!Currencies.isCode(currency)) {
            return Optional.of(reject(state, event, RejectionCode.NO_RATE, "no rate for " + currency));
        }
        Amounts.Parsed parsed = amounts.parse(text, currency);
        if (parsed.problem() != null) return Optional.of(reject(state, event, RejectionCode.INVALID_AMOUNT, parsed.problem()));
        out.setMinor(parsed.minor());
        return Optional.empty();
    }

    /** The command changed the wallet: the events {@code book} holds (and the entry {@code voided} reversed by its last entry). */
    Decision applied(LedgerState before, Book book, WalletEvent.Builder event, Optional<String> voided) {
        book.applied();
        WalletState state = book.state();
        List<Transaction> entries = book.entries();
        List<LedgerEvent> changes = new ArrayList<>(book.events());
        voided.ifPresent(id -> changes.add(new LedgerEvent.EntryVoided(id, entries.get(entries.size() - 1).getId())));
        WalletEvent outcome = event.setOutcome(Outcome.APPLIED).setBalance(state.getBalance())
                .setAboveThreshold(state.getAboveThreshold()).addAllTransactions(entries).build();
        return new Decision.Applied(state, outcome, List.copyOf(changes),
                ExternalEvents.of(before.id(), state, entries, before.wallet().isEmpty()));
    }

    /** A wallet with no entries yet. */
    static WalletState newWallet(WalletInfo info) {
        return WalletState.newBuilder()
                .setBalance(Money.newBuilder().setMinor(0).setCurrency(info.getCurrency()))
                .setMaxDepositAtMs(Long.MIN_VALUE)
                .setInfo(info)
                .setLastCreatedAtMs(Math.max(info.getCreatedAtMs(), 0))
                .build();
    }

    Optional<Decision> currencyMismatch(LedgerState state, WalletEvent.Builder event, Money money, WalletState wallet) {
        String currency = wallet.getInfo().getCurrency();
        if (money.getCurrency().equals(currency)) return Optional.empty();
        return Optional.of(reject(state, event, RejectionCode.CURRENCY_MISMATCH, "currency " + money.getCurrency()
                + " does not match the wallet currency " + currency));
    }

    Decision notFound(LedgerState state, WalletEvent.Builder event) {
        return reject(state, event, RejectionCode.WALLET_NOT_FOUND, "wallet " + state.id() + " not found");
    }

    Decision overflow(LedgerState state, WalletEvent.Builder event) {
        return reject(state, event, RejectionCode.OVERFLOW, "balance would overflow");
    }

    Decision reject(LedgerState state, WalletEvent.Builder event, RejectionCode code, String reason) {
        return new Decision.Rejected(withBalance(event, state).setOutcome(Outcome.REJECTED).setCode(code).setReason(reason).build(),
                Optional.empty(), Optional.empty());
    }

    WalletEvent.Builder withBalance(WalletEvent.Builder event, LedgerState state) {
        return state.wallet().map(w -> event.setBalance(w.getBalance()).setAboveThreshold(w.getAboveThreshold()))
                .orElseGet(() -> event.setBalance(Money.newBuilder().setMinor(0).setCurrency(rules.currency())));
    }
}
