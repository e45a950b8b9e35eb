package casino.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CurrencyTest {
    @ParameterizedTest
    @CsvSource({"EUR, 500, 5", "USD, 468, 4.68", "EUR, 10000, 100", "GBP, 1, 0.01", "EUR, 0, 0", "NZD, 1990, 19.9",
            "BTC, 100000, 0.001", "BTC, 1, 0.00000001", "BTC, 123456789, 1.23456789"})
    void givenMinorUnits_thenMajorWithoutTrailingZeros(Currency c, long minor, String expected) {
        assertEquals(expected, c.format(minor));
    }

    @Test
    void givenMinorUnits_thenExactMajorAtTheCurrencyScale() {
        assertEquals(new BigDecimal("4.68"), Currency.USD.toMajor(468));
        assertEquals(new BigDecimal("0.00100000"), Currency.BTC.toMajor(100_000));
    }

    @Test
    void givenUnknownCode_thenEmpty() {
        assertEquals(Optional.empty(), Currency.find("XYZ"));
        assertEquals(Optional.of(Currency.BTC), Currency.find("BTC"));
    }
}
