package casino.wallet.ledger;

/**
 * The rules every ledger instance applies (all instances of one application must agree): the
 * wallet currency, the threshold flag, and the payout of a won casino bet as a multiple of its stake.
 */
public record LedgerRules(String currency, ThresholdRule threshold, long payoutMultiplier) {
    public LedgerRules {
        if (payoutMultiplier < 0) throw new IllegalArgumentException("payout multiplier must not be negative");
    }
}
