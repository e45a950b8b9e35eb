package casino.enricher.currency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.money.Currency;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EurConversionTest {
    @Test
    void givenTheIssueExamples_whenConverted_thenTheyGiveTheStatedEurCents() {
        assertEquals(400, EurConversion.toEurCents(500, Currency.USD, new BigDecimal("1.25")));
        assertEquals(5000, EurConversion.toEurCents(100_000, Currency.BTC, new BigDecimal("0.00002")));
    }

    @Test
    void givenEur_whenConverted_thenTheAmountPassesThroughWhateverTheRate() {
        assertEquals(1999, EurConversion.toEurCents(1999, Currency.EUR, new BigDecimal("7")));
    }

    @ParameterizedTest(name = "{0} {1} at {2} -> {3} cents")
    @CsvSource({
            // exact halves round to the even cent
            "1, USD, 2, 0",          // 0.005 -> 0.00
            "3, USD, 2, 2",          // 0.015 -> 0.02
            "5, USD, 2, 2",          // 0.025 -> 0.02
            "7, USD, 2, 4",          // 0.035 -> 0.04
            // not exact halves round to the nearest cent
            "1, GBP, 0.85, 1",       // 0.01176... -> 0.01
            "100, USD, 1.07, 93",    // 0.934579... -> 0.93
            "1999, NZD, 1.8, 1111",  // 11.10555... -> 11.11
            "1, BTC, 0.000011, 0",   // 0.000909... EUR -> 0.00
            "99999, BTC, 0.000011, 9091", // 90.908181... -> 90.91
            "0, USD, 1.07, 0"})
    void givenRoundingEdgeCases_whenConverted_thenTheResultIsHalfEvenToTheCent(long amount, Currency currency, String rate, long cents) {
        assertEquals(cents, EurConversion.toEurCents(amount, currency, new BigDecimal(rate)));
    }

    @Test
    void givenANonPositiveRate_whenConverted_thenItRefusesToGuess() {
        assertThrows(IllegalArgumentException.class, () -> EurConversion.toEurCents(100, Currency.USD, BigDecimal.ZERO));
    }
}
