package casino.enricher.currency;

import casino.common.money.Currency;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Minor units of any currency to EUR cents, exactly: {@code major / rate}, rounded half-even to
 * the cent (the one rounding rule; the quotient is computed exactly before that one rounding).
 * {@code rate} is units of the currency per 1 EUR, as the FX API quotes it.
 */
public final class EurConversion {
    private EurConversion() {}

    /** 500 USD cents at 1.25 -> 400; 100000 sat at 0.00002 -> 5000; EUR is passed through unchanged. */
    public static long toEurCents(long amount, Currency currency, BigDecimal ratePerEur) {
        if (currency == Currency.EUR) return amount;
        if (ratePerEur.signum() <= 0) throw new IllegalArgumentException("rate for " + currency + " must be positive: " + ratePerEur);
        return currency.toMajor(amount)
                .divide(ratePerEur, Currency.EUR.scale(), RoundingMode.HALF_EVEN)
                .unscaledValue().longValueExact();
    }
}
