package casino.common.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The one parser of money values from outside (HTTP bodies, topics, the rate API), bounded before any
 * arithmetic: a text of at most {@value #MAX_TEXT} characters; a rate positive, with at most
 * {@value #RATE_MAX_DIGITS} significant digits and its decimal exponent within
 * ±{@value #RATE_MAX_EXPONENT} (so {@code 1E+999999999} and {@code 1e400} are refused rather than
 * stored, printed as a billion digits or divided by); an amount a plain decimal with at most the
 * currency's decimals whose minor units fit a long. Pure.
 */
public final class Decimals {
    public static final int MAX_TEXT = 64;
    public static final int RATE_MAX_DIGITS = 18;
    public static final int RATE_MAX_EXPONENT = 30;
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]{1,19}(\\.[0-9]{1,18})?");
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Decimals() {}

    /** A rate (units per 1 EUR, or any positive factor), exact as written. */
    public static BigDecimal rate(String text) {
        BigDecimal r = number(text, "rate");
        if (r.signum() <= 0) throw new DecimalException("rate must be positive");
        BigDecimal stripped = r.stripTrailingZeros();
        if (stripped.precision() > RATE_MAX_DIGITS) {
            throw new DecimalException("rate has more than " + RATE_MAX_DIGITS + " significant digits");
        }
        long exponent = (long) stripped.precision() - stripped.scale() - 1; // 1.5E+3 -> 3, 0.0012 -> -3
        if (Math.abs(exponent) > RATE_MAX_EXPONENT) {
            throw new DecimalException("rate must lie between 1E-" + RATE_MAX_EXPONENT + " and 1E+" + RATE_MAX_EXPONENT);
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A rate already parsed elsewhere (e.g. a JSON number), held to the same bounds. */
    public static BigDecimal rate(BigDecimal value) {
        if (value == null) throw new DecimalException("rate must be a number");
        BigDecimal s = value.stripTrailingZeros();
        long exponent = (long) s.precision() - s.scale() - 1;
        if (Math.abs(exponent) > RATE_MAX_EXPONENT || s.precision() > RATE_MAX_DIGITS) {
            throw new DecimalException("rate must lie between 1E-" + RATE_MAX_EXPONENT + " and 1E+" + RATE_MAX_EXPONENT
                    + " with at most " + RATE_MAX_DIGITS + " significant digits");
        }
        return rate(s.toPlainString());
    }

    /**
     * An amount in major units (e.g. {@code "12.50"}), signed, with at most {@code scale} decimals, whose
     * minor units fit a long; no exponent.
     */
    public static BigDecimal amount(String text, int scale) {
        if (text == null || text.isEmpty()) throw new DecimalException("amount must be a decimal number");
        if (text.length() > MAX_TEXT || !PLAIN.matcher(text).matches()) {
            throw new DecimalException("amount must be a plain decimal number such as 12.50");
        }
        BigDecimal d = new BigDecimal(text);
        if (d.stripTrailingZeros().scale() > scale) throw new DecimalException("amount must have at most " + scale + " decimals");
        if (d.movePointRight(scale).abs().compareTo(LONG_MAX) > 0) throw new DecimalException("amount is too large");
        return d.setScale(Math.max(scale, 0));
    }

    /** {@link #amount} as minor units: {@code "12.50"} at scale 2 is 1250. */
    public static long minor(String text, int scale) {
        return amount(text, scale).movePointRight(scale).longValueExact();
    }

    private static BigDecimal number(String text, String what) {
        if (text == null || text.isBlank()) throw new DecimalException(what + " must be a decimal number");
        if (text.length() > MAX_TEXT) throw new DecimalException(what + " is longer than " + MAX_TEXT + " characters");
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new DecimalException(what + " must be a decimal number");
        }
    }
}
