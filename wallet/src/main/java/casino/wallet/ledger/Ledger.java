package casino.wallet.ledger;

import casino.common.json.Json;
import casino.common.money.Currency;
import casino.contract.wallet.proto.BalanceChanged;
import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.FingerprintRecord;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.ReleaseExternalId;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransactionCreated;
import casino.contract.wallet.proto.TransactionVoided;
import casino.contract.wallet.proto.VoidTransaction;
import casino.contract.wallet.proto.WalletCreated;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import casino.contract.wallet.proto.WalletState;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The ledger's decisions as a pure function: (wallet state, fingerprint record, history, command) to
 * (new state, record to keep, appended entries, outcome and external events). Guarantees: a
 * fingerprint is applied at most once per wallet (a replay returns the first outcome, a different
 * command under it is a conflict); a balance never goes negative or overflows; every change is an
 * appended entry with the next refno whose old balance is the previous entry's new balance, and is
 * counted in the wallet's credit/debit totals. Rejected commands do not consume their fingerprint,
 * except casino bets (each casino event is decided exactly once).
 */
public final class Ledger {
    /** Why a command was refused, on {@code WalletEvent.code}; the HTTP layer maps these to statuses. */
    public static final class Code {
        public static final String INSUFFICIENT_FUNDS = "insufficient_funds";
        public static final String WALLET_NOT_FOUND = "wallet_not_found";
        public static final String WALLET_EXISTS = "wallet_exists";
        public static final String EXTERNAL_ID_TAKEN = "external_id_taken";
        public static final String TRANSACTION_NOT_FOUND = "transaction_not_found";
        public static final String VOID_OF_VOID = "void_of_void";
        public static final String INVALID_AMOUNT = "invalid_amount";
        public static final String CURRENCY_MISMATCH = "currency_mismatch";
        public static final String OVERFLOW = "overflow";
        public static final String FINGERPRINT_CONFLICT = "fingerprint_conflict";
        public static final String INVALID = "invalid";

        private Code() {}
    }

    /** Entry kinds on {@code Transaction.kind}. */
    public static final String DEPOSIT = "deposit";
    public static final String CASINO_BET = "casino_bet";
    public static final String CASINO_WIN = "casino_win";
    public static final String OPENING = "opening";
    public static final String VOID = "void";
    public static final String TRANSACTION = "transaction";

    /** Fingerprints starting with this are reserved for voids ({@code void:<txid>}): a void is decided once. */
    public static final String VOID_FINGERPRINT_PREFIX = "void:";

    private final LedgerRules rules;

    public Ledger(LedgerRules rules) {
        this.rules = rules;
    }

    /** An entry of the wallet's history and whether it has been voided. */
    public record Indexed(Transaction transaction, boolean voided) {}

    /** Looks up a wallet's entry by its id (for voids). */
    @FunctionalInterface
    public interface History {
        Optional<Indexed> find(String walletId, String transactionId);
    }

    /**
     * What to store and emit; {@code state} or {@code fingerprint} null means "leave as is";
     * {@code voided} is the id of the entry a void reversed (or null); {@code release} is a command
     * for wallet.external-ids (or null); {@code external} are the external events, in order.
     */
    public record Decision(WalletState state, FingerprintRecord fingerprint, WalletEvent event,
                           List<Transaction> appended, String voided, Command release, List<WalletEvent> external) {
        static Decision unchanged(WalletEvent event) {
            return new Decision(null, null, event, List.of(), null, null, List.of());
        }

        Decision withFingerprint(FingerprintRecord record) {
            return new Decision(state, record, event, appended, voided, release, external);
        }
    }

    /** The key of a fingerprint in the fingerprint store: unique per wallet. */
    public static String fingerprintKey(String walletId, String fingerprint) {
        return walletId + "/" + fingerprint;
    }

    /** The id of a wallet's entry number {@code refno}: a name-based UUID, the same on every replay. */
    public static String transactionId(String walletId, long refno) {
        return UUID.nameUUIDFromBytes((walletId + "/" + refno).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public Decision decide(String walletId, WalletState current, FingerprintRecord previous, Command command) {
        return decide(walletId, current, previous, command, (w, id) -> Optional.empty());
    }

    public Decision decide(String walletId, WalletState current, FingerprintRecord previous, Command command, History history) {
        String digest = digest(command);
        WalletEvent.Builder event = WalletEvent.newBuilder()
                .setRequestId(command.getRequestId())
                .setFingerprint(command.getFingerprint())
                .setWalletId(walletId)
                .setCommand(kind(command))
                .setCreatedAtMs(createdAt(command));
        if (previous != null) {
            if (previous.getCommandDigest().equals(digest)) {
                return Decision.unchanged(previous.getOutcome().toBuilder()
                        .setRequestId(command.getRequestId()).setReplay(true).build());
            }
            return Decision.unchanged(withBalance(event, current).setOutcome(Outcome.CONFLICT)
                    .setCode(Code.FINGERPRINT_CONFLICT)
                    .setReason("fingerprint already used for a different command").build());
        }
        Decision decision = switch (command.getBodyCase()) {
            case DEPOSIT -> deposit(walletId, current, command, event);
            case CASINO_BET -> casinoBet(walletId, current, command, event);
            case CREATE_WALLET -> create(walletId, current, command, event);
            case POST_TRANSACTION -> post(walletId, current, command, event);
            case VOID_TRANSACTION -> voidEntry(walletId, current, command, event, history);
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> reject(current, event, Code.INVALID, "not a ledger command");
        };
        boolean recordRejection = command.getBodyCase() == Command.BodyCase.CASINO_BET;
        boolean record = command.getBodyCase() != Command.BodyCase.CREATE_WALLET
                && (decision.event().getOutcome() == Outcome.APPLIED || recordRejection);
        if (record) {
            return decision.withFingerprint(FingerprintRecord.newBuilder()
                    .setCommandDigest(digest).setOutcome(decision.event()).build());
        }
        return decision;
    }

    private Decision deposit(String walletId, WalletState current, Command command, WalletEvent.Builder event) {
        DepositRequest deposit = command.getDeposit();
        long amount = deposit.getAmount().getMinor();
        boolean created = current == null;
        WalletState state = created ? newWallet(WalletInfo.newBuilder().setId(walletId).setCurrency(rules.currency())
                .setCreatedAtMs(deposit.getCreatedAtMs()).build(), deposit.getCreatedAtMs()) : current;
        String currency = currencyOf(walletId, state).getCurrency();
        if (!deposit.getAmount().getCurrency().equals(currency)) {
            return reject(current, event, Code.CURRENCY_MISMATCH, "currency " + deposit.getAmount().getCurrency()
                    + " does not match the wallet currency " + currency);
        }
        if (amount <= 0) return reject(current, event, Code.INVALID_AMOUNT, "amount must be positive");
        WalletState.Builder next = state.toBuilder();
        List<Transaction> entries = new ArrayList<>();
        try {
            entries.add(append(walletId, next, amount, DEPOSIT, command.getFingerprint(), "deposit", Map.of(),
                    deposit.getCreatedAtMs(), ""));
        } catch (ArithmeticException e) {
            return reject(current, event, Code.OVERFLOW, "balance would overflow");
        }
        ThresholdRule.Result flag = rules.threshold().add(state.getAboveThreshold(),
                RecentDeposits.decode(state.getRecentDepositsPacked(), state.getRecentDepositsList()),
                state.getMaxDepositAtMs(), deposit.getCreatedAtMs(), amount);
        next.setAboveThreshold(flag.above())
                .clearRecentDeposits().setRecentDepositsPacked(flag.kept().encode())
                .setMaxDepositAtMs(flag.newestAtMs());
        return applied(walletId, next, event.setCreditMinor(amount), entries, null, created);
    }

    private Decision casinoBet(String walletId, WalletState current, Command command, WalletEvent.Builder event) {
        CasinoBet bet = command.getCasinoBet();
        long stake = bet.getStake().getMinor();
        if (current == null) return reject(null, event, Code.INSUFFICIENT_FUNDS, "insufficient funds");
        String currency = currencyOf(walletId, current).getCurrency();
        if (!bet.getStake().getCurrency().equals(currency)) {
            return reject(current, event, Code.CURRENCY_MISMATCH, "currency " + bet.getStake().getCurrency()
                    + " does not match the wallet currency " + currency);
        }
        if (stake < 0) return reject(current, event, Code.INVALID_AMOUNT, "stake must not be negative");
        if (current.getBalance().getMinor() < stake) return reject(current, event, Code.INSUFFICIENT_FUNDS, "insufficient funds");
        WalletState.Builder next = current.toBuilder();
        List<Transaction> entries = new ArrayList<>();
        long payout;
        try {
            payout = bet.getWon() ? Math.multiplyExact(stake, rules.payoutMultiplier()) : 0;
            if (stake > 0) entries.add(append(walletId, next, -stake, CASINO_BET, command.getFingerprint(), "casino bet",
                    Map.of(), bet.getCreatedAtMs(), ""));
            if (payout > 0) entries.add(append(walletId, next, payout, CASINO_WIN, command.getFingerprint(), "casino win",
                    Map.of(), bet.getCreatedAtMs(), ""));
        } catch (ArithmeticException e) {
            return reject(current, event, Code.OVERFLOW, "balance would overflow");
        }
        return applied(walletId, next, event.setDebitMinor(stake).setCreditMinor(payout), entries, null, false);
    }

    private Decision create(String walletId, WalletState current, Command command, WalletEvent.Builder event) {
        CreateWallet create = command.getCreateWallet();
        Decision decision = createOrRefuse(walletId, current, create, command, event);
        boolean claimedInVain = decision.event().getOutcome() != Outcome.APPLIED && !create.getExternalId().isEmpty()
                && (current == null || !create.getExternalId().equals(current.getInfo().getExternalId()));
        if (!claimedInVain) return decision;
        // the external id was claimed for this create, which failed: give it back
        Command release = Command.newBuilder().setRequestId(command.getRequestId()).setFingerprint(command.getFingerprint())
                .setReleaseExternalId(ReleaseExternalId.newBuilder()
                        .setExternalId(create.getExternalId()).setWalletId(walletId)).build();
        return new Decision(null, null, decision.event(), List.of(), null, release, List.of());
    }

    private Decision createOrRefuse(String walletId, WalletState current, CreateWallet create, Command command,
                                    WalletEvent.Builder event) {
        if (current != null) return reject(current, event, Code.WALLET_EXISTS, "wallet already exists");
        if (Currency.find(create.getCurrency()).isEmpty()) {
            return reject(null, event, Code.INVALID, "unknown currency " + create.getCurrency());
        }
        if (create.getInitialMinor() < 0) return reject(null, event, Code.INVALID_AMOUNT, "initial balance must not be negative");
        WalletInfo info = WalletInfo.newBuilder().setId(walletId).setExternalId(create.getExternalId())
                .setCurrency(create.getCurrency()).putAllLabels(create.getLabelsMap())
                .setCreatedAtMs(create.getCreatedAtMs()).build();
        WalletState.Builder next = newWallet(info, create.getCreatedAtMs()).toBuilder();
        List<Transaction> entries = new ArrayList<>();
        if (create.getInitialMinor() > 0) {
            entries.add(append(walletId, next, create.getInitialMinor(), OPENING, command.getFingerprint(), "opening balance",
                    Map.of(), create.getCreatedAtMs(), ""));
        }
        return applied(walletId, next, event.setCreditMinor(create.getInitialMinor()).setWallet(info), entries, null, true);
    }

    private Decision post(String walletId, WalletState current, Command command, WalletEvent.Builder event) {
        PostTransaction post = command.getPostTransaction();
        if (current == null) return reject(null, event, Code.WALLET_NOT_FOUND, "wallet " + walletId + " not found");
        WalletInfo info = currencyOf(walletId, current);
        long amount;
        if (post.getAmount().isEmpty()) {
            amount = post.getAmountMinor();
        } else {
            Currency currency = Currency.find(info.getCurrency()).orElseThrow();
            try {
                BigDecimal decimal = new BigDecimal(post.getAmount());
                if (decimal.stripTrailingZeros().scale() > currency.scale()) {
                    return reject(current, event, Code.INVALID_AMOUNT, "amount must have at most " + currency.scale()
                            + " decimals (" + currency + ")");
                }
                amount = decimal.setScale(currency.scale()).unscaledValue().longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return reject(current, event, Code.INVALID_AMOUNT, "amount is not a valid " + info.getCurrency() + " amount");
            }
        }
        if (amount == 0) return reject(current, event, Code.INVALID_AMOUNT, "amount must not be zero");
        if (amount < 0 && current.getBalance().getMinor() < -amount) {
            return reject(current, event, Code.INSUFFICIENT_FUNDS, "insufficient funds");
        }
        WalletState.Builder next = current.toBuilder();
        Transaction entry;
        try {
            entry = append(walletId, next, amount, post.getKind().isEmpty() ? TRANSACTION : post.getKind(),
                    command.getFingerprint(), post.getDescription(), post.getLabelsMap(), post.getCreatedAtMs(), "");
        } catch (ArithmeticException e) {
            return reject(current, event, Code.OVERFLOW, "balance would overflow");
        }
        if (amount > 0) event.setCreditMinor(amount);
        else event.setDebitMinor(-amount);
        return applied(walletId, next, event, List.of(entry), null, false);
    }

    private Decision voidEntry(String walletId, WalletState current, Command command, WalletEvent.Builder event, History history) {
        VoidTransaction request = command.getVoidTransaction();
        if (current == null) return reject(null, event, Code.WALLET_NOT_FOUND, "wallet " + walletId + " not found");
        Optional<Indexed> found = history.find(walletId, request.getTransactionId());
        if (found.isEmpty()) {
            return reject(current, event, Code.TRANSACTION_NOT_FOUND, "transaction " + request.getTransactionId() + " not found");
        }
        Transaction original = found.get().transaction();
        if (original.getKind().equals(VOID)) {
            return reject(current, event, Code.VOID_OF_VOID, "a void cannot be voided: post a new transaction instead");
        }
        if (found.get().voided()) {
            return reject(current, event, Code.INVALID, "transaction " + original.getId() + " is already voided");
        }
        long amount = -original.getAmount().getMinor();
        if (amount < 0 && current.getBalance().getMinor() < -amount) {
            return reject(current, event, Code.INSUFFICIENT_FUNDS, "insufficient funds: the reversal would overdraw the wallet");
        }
        WalletState.Builder next = current.toBuilder();
        Transaction entry;
        try {
            entry = append(walletId, next, amount, VOID, command.getFingerprint(), "void of refno " + original.getRefno(),
                    original.getLabelsMap(), request.getCreatedAtMs(), original.getId());
        } catch (ArithmeticException e) {
            return reject(current, event, Code.OVERFLOW, "balance would overflow");
        }
        if (amount > 0) event.setCreditMinor(amount);
        else event.setDebitMinor(-amount);
        return applied(walletId, next, event, List.of(entry), original.getId(), false);
    }

    /** Appends one entry: next refno, time not before the previous entry's, balance and totals updated. */
    private static Transaction append(String walletId, WalletState.Builder state, long amount, String kind, String fingerprint,
                                      String description, Map<String, String> labels, long createdMs, String voids) {
        long old = state.getBalance().getMinor();
        long next = Math.addExact(old, amount);
        if (amount > 0) state.setTotalCreditMinor(Math.addExact(state.getTotalCreditMinor(), amount));
        else state.setTotalDebitMinor(Math.addExact(state.getTotalDebitMinor(), -amount));
        long refno = state.getLastRefno() + 1;
        long created = Math.max(Math.max(createdMs, 0), state.getLastCreatedAtMs());
        String currency = state.getBalance().getCurrency();
        state.setBalance(Money.newBuilder().setMinor(next).setCurrency(currency))
                .setLastRefno(refno).setLastCreatedAtMs(created);
        return Transaction.newBuilder()
                .setId(transactionId(walletId, refno))
                .setWalletId(walletId)
                .setRefno(refno)
                .setAmount(Money.newBuilder().setMinor(amount).setCurrency(currency))
                .setFingerprint(fingerprint)
                .setDescription(description)
                .putAllLabels(labels)
                .setCreatedAtMs(created)
                .setOldBalanceMinor(old)
                .setNewBalanceMinor(next)
                .setKind(kind)
                .setVoidsId(voids)
                .build();
    }

    private Decision applied(String walletId, WalletState.Builder next, WalletEvent.Builder event, List<Transaction> entries,
                             String voided, boolean created) {
        WalletState state = next.setAppliedCommands(next.getAppliedCommands() + 1).build();
        WalletEvent outcome = event.setOutcome(Outcome.APPLIED).setBalance(state.getBalance())
                .setAboveThreshold(state.getAboveThreshold()).addAllTransactions(entries).build();
        List<WalletEvent> external = new ArrayList<>();
        if (created) {
            Money opening = Money.newBuilder().setMinor(0).setCurrency(state.getBalance().getCurrency()).build();
            external.add(external(walletId).setWalletCreated(WalletCreated.newBuilder()
                    .setWallet(state.getInfo()).setBalance(opening)).build());
        }
        for (Transaction t : entries) {
            external.add(external(walletId).setTransactionCreated(TransactionCreated.newBuilder().setTransaction(t)).build());
            if (!t.getVoidsId().isEmpty()) {
                external.add(external(walletId).setTransactionVoided(TransactionVoided.newBuilder()
                        .setTransactionId(t.getVoidsId()).setCompensation(t)).build());
            }
            String currency = t.getAmount().getCurrency();
            external.add(external(walletId).setBalanceChanged(BalanceChanged.newBuilder()
                    .setWalletId(walletId)
                    .setOldBalance(Money.newBuilder().setMinor(t.getOldBalanceMinor()).setCurrency(currency))
                    .setNewBalance(Money.newBuilder().setMinor(t.getNewBalanceMinor()).setCurrency(currency))
                    .setRefno(t.getRefno())
                    .setAtMs(t.getCreatedAtMs())).build());
        }
        return new Decision(state, null, outcome, entries, voided, null, external);
    }

    private static WalletEvent.Builder external(String walletId) {
        return WalletEvent.newBuilder().setWalletId(walletId);
    }

    private WalletState newWallet(WalletInfo info, long createdMs) {
        return WalletState.newBuilder()
                .setBalance(Money.newBuilder().setMinor(0).setCurrency(info.getCurrency()))
                .setMaxDepositAtMs(Long.MIN_VALUE)
                .setInfo(info)
                .setLastCreatedAtMs(Math.max(createdMs, 0))
                .build();
    }

    /** The wallet's metadata; wallets stored before metadata existed are EUR wallets of the ledger's currency. */
    private WalletInfo currencyOf(String walletId, WalletState state) {
        return state.hasInfo() ? state.getInfo()
                : WalletInfo.newBuilder().setId(walletId).setCurrency(rules.currency()).build();
    }

    private Decision reject(WalletState current, WalletEvent.Builder event, String code, String reason) {
        return Decision.unchanged(withBalance(event, current).setOutcome(Outcome.REJECTED).setCode(code).setReason(reason).build());
    }

    private WalletEvent.Builder withBalance(WalletEvent.Builder event, WalletState current) {
        return current == null ? event.setBalance(Money.newBuilder().setMinor(0).setCurrency(rules.currency()))
                : event.setBalance(current.getBalance()).setAboveThreshold(current.getAboveThreshold());
    }

    /** What a replay must match: the command without its event time and request id. */
    static String digest(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit:" + command.getDeposit().getAmount().getCurrency() + ":"
                    + command.getDeposit().getAmount().getMinor();
            case CASINO_BET -> "casino_bet:" + command.getCasinoBet().getStake().getCurrency() + ":"
                    + command.getCasinoBet().getStake().getMinor() + ":" + command.getCasinoBet().getWon();
            case POST_TRANSACTION -> "post:" + sha256(canonical(command.getPostTransaction()));
            case VOID_TRANSACTION -> "void:" + command.getVoidTransaction().getTransactionId();
            case CREATE_WALLET -> "create";
            case RELEASE_EXTERNAL_ID -> "release";
            case BODY_NOT_SET -> "none";
        };
    }

    /** The same body gives the same text: the amount compared as a number (5 == 5.00), labels in key order. */
    private static String canonical(PostTransaction post) {
        String amount;
        try {
            amount = post.getAmount().isEmpty() ? "minor:" + post.getAmountMinor()
                    : new BigDecimal(post.getAmount()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            amount = "text:" + post.getAmount();
        }
        try {
            return Json.MAPPER.writeValueAsString(List.of(post.getKind(), amount, post.getDescription(),
                    new TreeMap<>(post.getLabelsMap())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kind(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit";
            case CASINO_BET -> "casino_bet";
            case CREATE_WALLET -> "create_wallet";
            case POST_TRANSACTION -> "post_transaction";
            case VOID_TRANSACTION -> "void_transaction";
            case RELEASE_EXTERNAL_ID -> "release_external_id";
            case BODY_NOT_SET -> "none";
        };
    }

    private static long createdAt(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getCreatedAtMs();
            case CASINO_BET -> command.getCasinoBet().getCreatedAtMs();
            case CREATE_WALLET -> command.getCreateWallet().getCreatedAtMs();
            case POST_TRANSACTION -> command.getPostTransaction().getCreatedAtMs();
            case VOID_TRANSACTION -> command.getVoidTransaction().getCreatedAtMs();
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> 0;
        };
    }
}
