package casino.wallet.ledger;

import casino.common.money.Currencies;

/**
 * The rules every ledger instance applies (all instances of one application must agree): the
 * wallet currency, the threshold flag, the payout of a won casino bet as a multiple of its stake, and
 * the currencies' decimals.
 */
public record LedgerRules(String currency, ThresholdRule threshold, long payoutMultiplier, Currencies currencies) {
    /** The currency of the ledger core ({@code POST /deposit}, the casino feed, implicit wallets). */
    public static final String CORE_CURRENCY = "EUR";
    /** Amounts of the ledger core have at most this many decimals (EUR cents). */
    public static final int CORE_SCALE = 2;

    public LedgerRules {
        if (payoutMultiplier < 0) throw new IllegalArgumentException("payout multiplier must not be negative");
    }

    public LedgerRules(String currency, ThresholdRule threshold, long payoutMultiplier) {
        this(currency, threshold, payoutMultiplier, Currencies.STANDARD);
    }
}
