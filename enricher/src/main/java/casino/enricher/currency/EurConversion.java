package casino.enricher.currency;

import casino.common.money.Conversion;
import casino.common.money.Currency;
import java.math.BigDecimal;

/**
 * Minor units of any currency to EUR cents with common's one rounding rule ({@link Conversion#convert}:
 * the quotient computed exactly, rounded once, half-even, to the cent). {@code rate} is units of the
 * currency per 1 EUR, as the FX API quotes it.
 */
public final class EurConversion {
    private EurConversion() {}

    /**
     * 500 USD cents at 1.25 -> 400; 100000 sat at 0.00002 -> 5000; EUR is passed through unchanged.
     *
     * @throws ArithmeticException when the EUR cents do not fit a long
     */
    public static long toEurCents(long amount, Currency currency, BigDecimal ratePerEur) {
        if (currency == Currency.EUR) return amount;
        if (ratePerEur.signum() <= 0) throw new IllegalArgumentException("rate for " + currency + " must be positive: " + ratePerEur);
        return Conversion.convert(currency.toMajor(amount), ratePerEur, BigDecimal.ONE, Currency.EUR.scale())
                .unscaledValue().longValueExact();
    }
}
