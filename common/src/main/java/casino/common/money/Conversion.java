package casino.common.money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The one conversion rule: with both rates as units per 1 EUR, {@code target = amount x perEur(target)
 * / perEur(source)} computed exactly (a BigDecimal division rounded straight to the target's scale)
 * and rounded once, half-even, to the target currency's decimals. The rate shown to clients (target
 * units per source unit) is the same quotient to 20 significant digits; it is never used to compute.
 */
public final class Conversion {
    public static final MathContext RATE_DIGITS = new MathContext(20, RoundingMode.HALF_EVEN);

    private Conversion() {}

    /** {@code amount} (major units of the source) in the target currency, at {@code targetScale}. */
    public static BigDecimal convert(BigDecimal amount, BigDecimal sourcePerEur, BigDecimal targetPerEur, int targetScale) {
        return amount.multiply(targetPerEur).divide(sourcePerEur, targetScale, RoundingMode.HALF_EVEN);
    }

    /** Target units per source unit, 20 significant digits, without trailing zeros. */
    public static BigDecimal rate(BigDecimal sourcePerEur, BigDecimal targetPerEur) {
        BigDecimal r = targetPerEur.divide(sourcePerEur, RATE_DIGITS).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
