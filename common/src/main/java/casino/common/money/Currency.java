package casino.common.money;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/** The currencies the casino takes, each with the scale of its minor unit (BTC amounts are satoshis). */
public enum Currency {
    EUR(2), USD(2), GBP(2), NZD(2), BTC(8);

    private final int scale;

    Currency(int scale) {
        this.scale = scale;
    }

    public int scale() {
        return scale;
    }

    /** Minor units as an exact major amount: 468 EUR -> 4.68, 100000 BTC -> 0.00100000. */
    public BigDecimal toMajor(long minor) {
        return BigDecimal.valueOf(minor, scale);
    }

    /** Minor units as a major amount without trailing zeros: 500 -> "5", 468 -> "4.68", 100000 sat -> "0.001". */
    public String format(long minor) {
        BigDecimal major = toMajor(minor).stripTrailingZeros();
        return (major.scale() < 0 ? major.setScale(0) : major).toPlainString();
    }

    public static Optional<Currency> find(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
