package casino.wallet.ledger;

import casino.wallet.proto.CasinoBet;
import casino.wallet.proto.Command;
import casino.wallet.proto.DepositRequest;
import casino.wallet.proto.FingerprintRecord;
import casino.wallet.proto.Money;
import casino.wallet.proto.Outcome;
import casino.wallet.proto.WalletEvent;
import casino.wallet.proto.WalletState;

/**
 * The ledger's decisions as a pure function: (wallet state, fingerprint record, command) to (new
 * state, record to keep, outcome event). Guarantees: a fingerprint is applied at most once per
 * wallet (a replay returns the first outcome, a different command under it is a conflict); a
 * balance never goes negative or overflows; every change is counted in the wallet's credit/debit
 * totals. Rejected deposits do not consume their fingerprint; rejected casino bets do (each casino
 * event is decided exactly once).
 */
public final class Ledger {
    private final LedgerRules rules;

    public Ledger(LedgerRules rules) {
        this.rules = rules;
    }

    /** What to store and emit; {@code state} or {@code fingerprint} null means "leave as is". */
    public record Decision(WalletState state, FingerprintRecord fingerprint, WalletEvent event) {}

    /** The key of a fingerprint in the fingerprint store: unique per wallet. */
    public static String fingerprintKey(String walletId, String fingerprint) {
        return walletId + "/" + fingerprint;
    }

    public Decision decide(String walletId, WalletState current, FingerprintRecord previous, Command command) {
        String digest = digest(command);
        WalletEvent.Builder event = WalletEvent.newBuilder()
                .setRequestId(command.getRequestId())
                .setFingerprint(command.getFingerprint())
                .setWalletId(walletId)
                .setCommand(kind(command))
                .setCreatedAtMs(createdAt(command));
        if (previous != null) {
            if (previous.getCommandDigest().equals(digest)) {
                return new Decision(null, null, previous.getOutcome().toBuilder()
                        .setRequestId(command.getRequestId()).setReplay(true).build());
            }
            return new Decision(null, null, withBalance(event, current).setOutcome(Outcome.CONFLICT)
                    .setReason("fingerprint already used for a different command").build());
        }
        Decision decision = switch (command.getBodyCase()) {
            case DEPOSIT -> deposit(current, command.getDeposit(), event);
            case CASINO_BET -> casinoBet(current, command.getCasinoBet(), event);
            case BODY_NOT_SET -> new Decision(null, null, withBalance(event, current)
                    .setOutcome(Outcome.REJECTED).setReason("command has no body").build());
        };
        boolean recordRejection = command.getBodyCase() == Command.BodyCase.CASINO_BET;
        if (decision.event().getOutcome() == Outcome.APPLIED || recordRejection) {
            FingerprintRecord record = FingerprintRecord.newBuilder()
                    .setCommandDigest(digest).setOutcome(decision.event()).build();
            return new Decision(decision.state(), record, decision.event());
        }
        return decision;
    }

    private Decision deposit(WalletState current, DepositRequest deposit, WalletEvent.Builder event) {
        long amount = deposit.getAmount().getMinor();
        if (!deposit.getAmount().getCurrency().equals(rules.currency())) {
            return reject(current, event, "currency " + deposit.getAmount().getCurrency()
                    + " does not match the wallet currency " + rules.currency());
        }
        if (amount <= 0) return reject(current, event, "amount must be positive");
        WalletState state = current == null ? emptyWallet() : current;
        long balance;
        long credits;
        try {
            balance = Math.addExact(state.getBalance().getMinor(), amount);
            credits = Math.addExact(state.getTotalCreditMinor(), amount);
        } catch (ArithmeticException e) {
            return reject(current, event, "balance would overflow");
        }
        ThresholdRule.Result flag = rules.threshold().add(state.getAboveThreshold(), state.getRecentDepositsList(),
                state.getMaxDepositAtMs(), deposit.getCreatedAtMs(), amount);
        WalletState next = state.toBuilder()
                .setBalance(money(balance))
                .setTotalCreditMinor(credits)
                .setAboveThreshold(flag.above())
                .clearRecentDeposits().addAllRecentDeposits(flag.kept())
                .setMaxDepositAtMs(flag.newestAtMs())
                .setAppliedCommands(state.getAppliedCommands() + 1)
                .build();
        return new Decision(next, null, applied(event, next).setCreditMinor(amount).build());
    }

    private Decision casinoBet(WalletState current, CasinoBet bet, WalletEvent.Builder event) {
        long stake = bet.getStake().getMinor();
        if (!bet.getStake().getCurrency().equals(rules.currency())) {
            return reject(current, event, "currency " + bet.getStake().getCurrency()
                    + " does not match the wallet currency " + rules.currency());
        }
        if (stake < 0) return reject(current, event, "stake must not be negative");
        long balance = current == null ? 0 : current.getBalance().getMinor();
        if (current == null || balance < stake) return reject(current, event, "insufficient funds");
        long payout;
        long next;
        long credits;
        long debits;
        try {
            payout = bet.getWon() ? Math.multiplyExact(stake, rules.payoutMultiplier()) : 0;
            next = Math.addExact(balance - stake, payout);
            credits = Math.addExact(current.getTotalCreditMinor(), payout);
            debits = Math.addExact(current.getTotalDebitMinor(), stake);
        } catch (ArithmeticException e) {
            return reject(current, event, "balance would overflow");
        }
        WalletState state = current.toBuilder()
                .setBalance(money(next))
                .setTotalCreditMinor(credits)
                .setTotalDebitMinor(debits)
                .setAppliedCommands(current.getAppliedCommands() + 1)
                .build();
        return new Decision(state, null, applied(event, state).setDebitMinor(stake).setCreditMinor(payout).build());
    }

    private WalletState emptyWallet() {
        return WalletState.newBuilder().setBalance(money(0)).setMaxDepositAtMs(Long.MIN_VALUE).build();
    }

    private Decision reject(WalletState current, WalletEvent.Builder event, String reason) {
        return new Decision(null, null, withBalance(event, current).setOutcome(Outcome.REJECTED).setReason(reason).build());
    }

    private WalletEvent.Builder applied(WalletEvent.Builder event, WalletState state) {
        return event.setOutcome(Outcome.APPLIED).setBalance(state.getBalance()).setAboveThreshold(state.getAboveThreshold());
    }

    private WalletEvent.Builder withBalance(WalletEvent.Builder event, WalletState current) {
        return current == null ? event.setBalance(money(0))
                : event.setBalance(current.getBalance()).setAboveThreshold(current.getAboveThreshold());
    }

    private Money money(long minor) {
        return Money.newBuilder().setMinor(minor).setCurrency(rules.currency()).build();
    }

    /** What a replay must match: the kind, amounts and currency, not the event time or request id. */
    static String digest(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit:" + command.getDeposit().getAmount().getCurrency() + ":"
                    + command.getDeposit().getAmount().getMinor();
            case CASINO_BET -> "casino_bet:" + command.getCasinoBet().getStake().getCurrency() + ":"
                    + command.getCasinoBet().getStake().getMinor() + ":" + command.getCasinoBet().getWon();
            case BODY_NOT_SET -> "none";
        };
    }

    static String kind(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit";
            case CASINO_BET -> "casino_bet";
            case BODY_NOT_SET -> "none";
        };
    }

    private static long createdAt(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getCreatedAtMs();
            case CASINO_BET -> command.getCasinoBet().getCreatedAtMs();
            case BODY_NOT_SET -> 0;
        };
    }
}
