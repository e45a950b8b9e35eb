package casino.wallet.ledger;

import java.math.BigDecimal;
import java.util.OptionalLong;

/** The ledger's arithmetic on minor units: empty instead of a wrapped or exception-throwing result. */
final class Checked {
    private static final BigDecimal MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Checked() {}

    static OptionalLong add(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? OptionalLong.empty() : OptionalLong.of(r);
    }

    static OptionalLong multiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) || (high == -1 && low < 0) ? OptionalLong.of(low) : OptionalLong.empty();
    }

    /** An integral decimal as a long, empty if it has a fraction or does not fit. */
    static OptionalLong exact(BigDecimal value) {
        if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) return OptionalLong.empty();
        return value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0 ? OptionalLong.empty() : OptionalLong.of(value.longValue());
    }
}
