package casino.wallet.ledger;

import casino.common.money.DecimalException;
import casino.common.money.Decimals;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The bound of every amount the wallet reads, before any arithmetic or printing: a plain decimal of at
 * most {@value #MAX_INTEGER_DIGITS} digits before the point and {@value #MAX_DECIMALS} after, no exponent,
 * at most {@link Decimals#MAX_TEXT} characters (common's {@link Decimals} rule, without a currency; the
 * currency's own decimals and the long of minor units are checked where the currency is known). So
 * {@code 1E+999999999} and {@code 1e400} are refused instead of being printed as a billion digits.
 */
public final class AmountText {
    public static final int MAX_INTEGER_DIGITS = 19;
    public static final int MAX_DECIMALS = 18;
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]{1," + MAX_INTEGER_DIGITS + "}(\\.[0-9]{1," + MAX_DECIMALS + "})?");

    private AmountText() {}

    /** Whether {@code text} is a bounded plain decimal. */
    public static boolean isPlain(String text) {
        return text != null && text.length() <= Decimals.MAX_TEXT && PLAIN.matcher(text).matches();
    }

    /** {@code text} as a decimal, refused unless a bounded plain decimal. */
    public static BigDecimal parse(String text) {
        if (!isPlain(text)) {
            throw new DecimalException("amount must be a plain decimal number such as 12.50 (at most " + MAX_INTEGER_DIGITS
                    + " digits before the point and " + MAX_DECIMALS + " after)");
        }
        return new BigDecimal(text);
    }

    /** A decimal read elsewhere (a JSON number), held to the same bound without printing it first. */
    public static BigDecimal bounded(BigDecimal value) {
        BigDecimal s = value.stripTrailingZeros();
        long integerDigits = (long) s.precision() - s.scale();
        if (integerDigits > MAX_INTEGER_DIGITS || s.scale() > MAX_DECIMALS) {
            throw new DecimalException("amount must be a decimal number with at most " + MAX_INTEGER_DIGITS
                    + " digits before the point and " + MAX_DECIMALS + " after");
        }
        return value;
    }
}
