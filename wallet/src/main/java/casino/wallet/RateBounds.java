package casino.wallet;

import java.math.BigDecimal;

/**
 * The bound of a rate the wallet takes (fx.rates, /update_currencies): a positive decimal of at most 18
 * significant digits, decimal exponent within +-30, text at most 64 characters, the rule of common's
 * {@code Decimals.rate}.
 */
public final class RateBounds {
    private RateBounds() {}

    /** @throws IllegalArgumentException saying why {@code text} is not a rate */
    public static BigDecimal rate(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) throw new IllegalArgumentException("a rate is 1-64 characters");
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal");
        }
        return rate(d);
    }

    /** @throws IllegalArgumentException saying why {@code d} is not a rate */
    public static BigDecimal rate(BigDecimal d) {
        if (d.signum() <= 0) throw new IllegalArgumentException("a rate must be positive");
        BigDecimal s = d.stripTrailingZeros();
        if (s.precision() > 18) throw new IllegalArgumentException("a rate has at most 18 significant digits");
        long exponent = (long) s.precision() - s.scale() - 1; // d = m x 10^exponent, 1 <= m < 10
        if (exponent > 30 || exponent < -30) throw new IllegalArgumentException("a rate's decimal exponent must be within +-30");
        return s;
    }
}
