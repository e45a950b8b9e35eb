package casino.wallet.api;

import java.math.BigDecimal;

/**
 * The one limit of an amount the HTTP API takes (read first within {@link casino.wallet.ledger.AmountText}'s
 * bound by {@link JsonBody}, so no amount is compared, scaled or printed unbounded): at most 1e12 in the currency's major unit (EUR
 * 1,000,000,000,000.00, i.e. 1e14 cents), far inside a long of minor units even with 8 decimals.
 */
final class AmountLimit {
    static final BigDecimal MAX_MAJOR = new BigDecimal("1000000000000");
    /** The limit as text, for error messages. */
    static final String MAX_TEXT = MAX_MAJOR.toPlainString();

    private AmountLimit() {}

    /** The limit in minor units of a currency with {@code scale} decimals. */
    static long maxMinor(int scale) {
        return MAX_MAJOR.movePointRight(scale).longValueExact();
    }
}
