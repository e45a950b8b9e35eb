package casino.wallet.ledger;

import casino.common.money.Currencies;
import casino.common.money.Currency;
import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.ReleaseExternalId;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.VoidTransaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ledger as a decider: {@code decide(command, state)} is a pure function to a {@link Decision}.
 * Guarantees: a fingerprint is applied at most once per wallet (a replay returns the first outcome, a
 * different command under it is a conflict); a balance never goes negative or overflows; every
 * change is an appended entry (see {@link Book}); money in another currency is converted once, half-even, at
 * the rates in the state ({@link Amounts}); transfers are decided step by step by {@link Transfers}.
 * Rejected commands do not consume their fingerprint, except casino bets and transfer credits (each
 * decided exactly once).
 */
public final class Ledger {
    private final LedgerRules rules;
    private final Transfers transfers;
    private final Amounts amounts;

    public Ledger(LedgerRules rules) {
        this.rules = rules;
        this.amounts = new Amounts(rules.currencies());
        this.transfers = new Transfers(this, rules.currencies());
    }

    public Decision decide(Command command, LedgerState state) {
        String digest = CommandDigest.of(command);
        WalletEvent.Builder event = outcomeOf(command, state);
        Optional<Decision> previously = previously(command, digest, state, event);
        if (previously.isPresent()) return previously.get();
        Decision decision = switch (command.getBodyCase()) {
            case DEPOSIT -> deposit(command, state, event);
            case CASINO_BET -> casinoBet(command, state, event);
            case CREATE_WALLET -> create(command, state, event);
            case POST_TRANSACTION -> post(command, state, event);
            case VOID_TRANSACTION -> voidEntry(command, state, event);
            case TRANSFER_OUT -> transfers.out(command, state, event);
            case TRANSFER_IN -> transfers.in(command, state, event);
            case TRANSFER_SETTLE -> transfers.settle(command, state, event);
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> reject(state, event, RejectionCode.NOT_A_LEDGER_COMMAND, "not a ledger command");
        };
        FingerprintRecord record = FingerprintRecord.newBuilder().setCommandDigest(digest).setOutcome(decision.outcome()).build();
        return switch (decision) {
            // a create's fingerprint is new per request: nothing to remember
            case Decision.Applied applied when !command.hasCreateWallet() -> applied.remembered(record);
            // a refused credit leg is decided once too: its settle has gone back to the source
            case Decision.Rejected rejected when command.hasCasinoBet() || command.hasTransferIn() -> rejected.remembered(record);
            default -> decision;
        };
    }

    /**
     * The answer to a command whose fingerprint is already used in {@code state}: its first outcome
     * again, marked as a replay ({@link Decision.Replayed}), or a {@link Decision.Conflict} when the
     * fingerprint was used for a different command; empty when the fingerprint is unused. The HTTP
     * edge answers committed replays with this too, from the owner's stores.
     */
    public Optional<Decision> previously(Command command, LedgerState state) {
        if (state.fingerprint().isEmpty()) return Optional.empty();
        return previously(command, CommandDigest.of(command), state, outcomeOf(command, state));
    }

    private static WalletEvent.Builder outcomeOf(Command command, LedgerState state) {
        return WalletEvent.newBuilder()
                .setRequestId(command.getRequestId())
                .setFingerprint(command.getFingerprint())
                .setWalletId(state.id())
                .setCommand(Commands.kind(command))
                .setCreatedAtMs(Commands.createdAt(command));
    }

    private Optional<Decision> previously(Command command, String digest, LedgerState state, WalletEvent.Builder event) {
        Optional<FingerprintRecord> previous = state.fingerprint();
        if (previous.isEmpty()) return Optional.empty();
        if (previous.get().getCommandDigest().equals(digest)) {
            WalletEvent.Builder replay = previous.get().getOutcome().toBuilder().setRequestId(command.getRequestId()).setReplay(true);
            state.transfer().ifPresent(replay::setTransfer); // a transfer's replay shows where it is now
            return Optional.of(new Decision.Replayed(replay.build()));
        }
        return Optional.of(new Decision.Conflict(withBalance(event, state).setOutcome(Outcome.CONFLICT)
                .setCode(RejectionCode.FINGERPRINT_CONFLICT)
                .setReason("fingerprint already used for a different command").build()));
    }

    /** A deposit credits the wallet (creating an EUR wallet on the first one) and counts toward the threshold. */
    private Decision deposit(Command command, LedgerState state, WalletEvent.Builder event) {
        DepositRequest deposit = command.getDeposit();
        long amount = deposit.getAmount().getMinor();
        WalletState wallet = state.wallet().orElseGet(() -> newWallet(WalletInfo.newBuilder().setId(state.id())
                .setCurrency(rules.currency()).setCreatedAtMs(deposit.getCreatedAtMs()).build()));
        Optional<Decision> refused = currencyMismatch(state, event, deposit.getAmount(), wallet);
        if (refused.isPresent()) return refused.get();
        if (amount <= 0) return reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must be positive");
        Book book = new Book(state.id(), wallet);
        if (!book.append(amount, EntryKind.DEPOSIT, command.getFingerprint(), "deposit", Map.of(), deposit.getCreatedAtMs(), "")) {
            return overflow(state, event);
        }
        ThresholdRule.Result flag = rules.threshold().add(wallet.getAboveThreshold(),
                RecentDeposits.decode(wallet.getRecentDepositsPacked()), wallet.getMaxDepositAtMs(), deposit.getCreatedAtMs(), amount);
        book.state().setAboveThreshold(flag.above()).setRecentDepositsPacked(flag.kept().encode()).setMaxDepositAtMs(flag.newestAtMs());
        return applied(state, book, event.setCreditMinor(amount), Optional.empty());
    }

    /** A casino bet debits its stake and, when won, credits stake x payout multiplier; never below zero. */
    private Decision casinoBet(Command command, LedgerState state, WalletEvent.Builder event) {
        CasinoBet bet = command.getCasinoBet();
        long stake = bet.getStake().getMinor();
        if (state.wallet().isEmpty()) return reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds");
        WalletState wallet = state.wallet().get();
        Optional<Decision> refused = currencyMismatch(state, event, bet.getStake(), wallet);
        if (refused.isPresent()) return refused.get();
        if (stake < 0) return reject(state, event, RejectionCode.INVALID_AMOUNT, "stake must not be negative");
        if (wallet.getBalance().getMinor() < stake) return reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds");
        OptionalLong payout = bet.getWon() ? Checked.multiply(stake, rules.payoutMultiplier()) : OptionalLong.of(0);
        Book book = new Book(state.id(), wallet);
        boolean booked = payout.isPresent()
                && (stake == 0 || book.append(-stake, EntryKind.CASINO_BET, command.getFingerprint(), "casino bet", Map.of(), bet.getCreatedAtMs(), ""))
                && (payout.getAsLong() == 0 || book.append(payout.getAsLong(), EntryKind.CASINO_WIN, command.getFingerprint(), "casino win",
                        Map.of(), bet.getCreatedAtMs(), ""));
        if (!booked) return overflow(state, event);
        return applied(state, book, event.setDebitMinor(stake).setCreditMinor(payout.getAsLong()), Optional.empty());
    }

    /** A create opens a wallet (with an opening entry if it has an initial balance); a claimed external id of a failed one is released. */
    private Decision create(Command command, LedgerState state, WalletEvent.Builder event) {
        CreateWallet create = command.getCreateWallet();
        Decision decision = createOrRefuse(command, state, event);
        boolean claimedInVain = decision instanceof Decision.Rejected && !create.getExternalId().isEmpty()
                && !state.wallet().map(w -> w.getInfo().getExternalId().equals(create.getExternalId())).orElse(false);
        if (!claimedInVain) return decision;
        Command release = Command.newBuilder().setRequestId(command.getRequestId()).setFingerprint(command.getFingerprint())
                .setReleaseExternalId(ReleaseExternalId.newBuilder().setExternalId(create.getExternalId()).setWalletId(state.id()))
                .build();
        return new Decision.Rejected(decision.outcome(), Optional.empty(), Optional.of(release));
    }

    private Decision createOrRefuse(Command command, LedgerState state, WalletEvent.Builder event) {
        CreateWallet create = command.getCreateWallet();
        if (state.wallet().isPresent()) return reject(state, event, RejectionCode.WALLET_EXISTS, "wallet already exists");
        if (!Currencies.isCode(create.getCurrency())) {
            return reject(state, event, RejectionCode.UNKNOWN_CURRENCY, "unknown currency " + create.getCurrency());
        }
        // the casino's currencies are always known; any other one needs a rate
        if (Currency.find(create.getCurrency()).isEmpty() && state.rates().perEur(create.getCurrency()).isEmpty()) {
            return reject(state, event, RejectionCode.NO_RATE, "no rate for " + create.getCurrency());
        }
        if (create.getInitialMinor() < 0) {
            return reject(state, event, RejectionCode.INVALID_AMOUNT, "initial balance must not be negative");
        }
        WalletInfo info = WalletInfo.newBuilder().setId(state.id()).setExternalId(create.getExternalId())
                .setCurrency(create.getCurrency()).putAllLabels(create.getLabelsMap())
                .setName(create.getName()).setCountry(create.getCountry()).setCity(create.getCity())
                .setCreatedAtMs(create.getCreatedAtMs()).build();
        Book book = new Book(state.id(), newWallet(info));
        if (create.getInitialMinor() > 0) {
            book.append(create.getInitialMinor(), EntryKind.OPENING, command.getFingerprint(), "opening balance", Map.of(),
                    create.getCreatedAtMs(), "");
        }
        return applied(state, book, event.setCreditMinor(create.getInitialMinor()).setWallet(info), Optional.empty());
    }

    /** A posted transaction credits (amount > 0) or debits (amount < 0) an existing wallet, in its currency's scale. */
    private Decision post(Command command, LedgerState state, WalletEvent.Builder event) {
        PostTransaction post = command.getPostTransaction();
        if (state.wallet().isEmpty()) return notFound(state, event);
        WalletState wallet = state.wallet().get();
        long amount;
        Transaction extras = Transaction.getDefaultInstance();
        if (post.getAmount().isEmpty()) {
            amount = post.getAmountMinor();
        } else {
            String target = wallet.getInfo().getCurrency();
            String source = post.getCurrency().isEmpty() ? target : post.getCurrency();
            Money.Builder sent = Money.newBuilder().setCurrency(source);
            Optional<Decision> invalid = minor(state, event, post.getAmount(), source, sent);
            if (invalid.isPresent()) return invalid.get();
            if (source.equals(target)) {
                amount = sent.getMinor();
            } else {
                Optional<Amounts.Converted> converted = amounts.convert(sent.build(), target, state.rates());
                if (converted.isEmpty()) return noRate(state, event, source, target);
                if (converted.get().minor().isEmpty()) return overflow(state, event);
                amount = converted.get().minor().getAsLong();
                if (amount == 0) return reject(state, event, RejectionCode.INVALID_AMOUNT, "amount is zero in " + target);
                extras = Transaction.newBuilder().setOriginal(sent).setRate(converted.get().rate()).build();
            }
        }
        if (amount == 0) return reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must not be zero");
        if (amount < 0 && wallet.getBalance().getMinor() < -amount) {
            return reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds");
        }
        Book book = new Book(state.id(), wallet);
        if (!book.append(amount, kindOf(post), command.getFingerprint(), post.getDescription(), post.getLabelsMap(),
                post.getCreatedAtMs(), "", extras)) {
            return overflow(state, event);
        }
        return applied(state, book, amount > 0 ? event.setCreditMinor(amount) : event.setDebitMinor(-amount), Optional.empty());
    }

    /** A void appends the compensating entry of an entry that is neither a void nor voided, if the wallet can pay it. */
    private Decision voidEntry(Command command, LedgerState state, WalletEvent.Builder event) {
        VoidTransaction request = command.getVoidTransaction();
        if (state.wallet().isEmpty()) return notFound(state, event);
        WalletState wallet = state.wallet().get();
        Optional<LedgerState.Entry> found = state.history().find(request.getTransactionId());
        if (found.isEmpty()) {
            return reject(state, event, RejectionCode.TRANSACTION_NOT_FOUND, "transaction " + request.getTransactionId() + " not found");
        }
        Transaction original = found.get().transaction();
        if (original.getKind() == EntryKind.VOID) {
            return reject(state, event, RejectionCode.VOID_OF_VOID, "a void cannot be voided: post a new transaction instead");
        }
        if (found.get().voided()) {
            return reject(state, event, RejectionCode.ALREADY_VOIDED, "transaction " + original.getId() + " is already voided");
        }
        long amount = -original.getAmount().getMinor();
        if (amount < 0 && wallet.getBalance().getMinor() < -amount) {
            return reject(state, event, RejectionCode.INSUFFICIENT_FUNDS, "insufficient funds: the reversal would overdraw the wallet");
        }
        Book book = new Book(state.id(), wallet);
        if (!book.append(amount, EntryKind.VOID, command.getFingerprint(), "void of refno " + original.getRefno(),
                original.getLabelsMap(), request.getCreatedAtMs(), original.getId())) {
            return overflow(state, event);
        }
        return applied(state, book, amount > 0 ? event.setCreditMinor(amount) : event.setDebitMinor(-amount),
                Optional.of(original.getId()));
    }

    /** The kind of a posted transaction's entry: TRANSACTION unless it says otherwise. */
    static EntryKind kindOf(PostTransaction post) {
        return post.getKind() == EntryKind.ENTRY_KIND_UNSPECIFIED ? EntryKind.TRANSACTION : post.getKind();
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

    Decision applied(LedgerState before, Book book, WalletEvent.Builder event, Optional<String> voided) {
        WalletState state = book.state().setAppliedCommands(book.state().getAppliedCommands() + 1).build();
        WalletEvent outcome = event.setOutcome(Outcome.APPLIED).setBalance(state.getBalance())
                .setAboveThreshold(state.getAboveThreshold()).addAllTransactions(book.entries()).build();
        return new Decision.Applied(state, outcome, book.entries(), voided,
                ExternalEvents.of(before.id(), state, book.entries(), before.wallet().isEmpty()), Optional.empty());
    }

    private WalletState newWallet(WalletInfo info) {
        return WalletState.newBuilder()
                .setBalance(Money.newBuilder().setMinor(0).setCurrency(info.getCurrency()))
                .setMaxDepositAtMs(Long.MIN_VALUE)
                .setInfo(info)
                .setLastCreatedAtMs(Math.max(info.getCreatedAtMs(), 0))
                .build();
    }

    private Optional<Decision> currencyMismatch(LedgerState state, WalletEvent.Builder event, Money money, WalletState wallet) {
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

    private WalletEvent.Builder withBalance(WalletEvent.Builder event, LedgerState state) {
        return state.wallet().map(w -> event.setBalance(w.getBalance()).setAboveThreshold(w.getAboveThreshold()))
                .orElseGet(() -> event.setBalance(Money.newBuilder().setMinor(0).setCurrency(rules.currency())));
    }
}
