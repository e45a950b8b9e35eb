package casino.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {
    @ParameterizedTest
    @CsvSource({"1.07, 1.07", "0.000011, 0.000011", "1.10, 1.1", "5E+2, 500", "1E-30, 0.000000000000000000000000000001",
            "1E+30, 1000000000000000000000000000000", "123456789012345678, 123456789012345678"})
    void givenARateWithinTheBounds_whenParsed_thenItIsExact(String text, String expected) {
        assertEquals(new BigDecimal(expected), Decimals.rate(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1E+999999999", "1e400", "1E+31", "1E-31", "0", "-1.2", "1234567890123456789", "abc", "", " ",
            "NaN", "Infinity", "0x10", "1.0000000000000000000000000000000000000000000000000000000000000000001"})
    void givenARateOutsideTheBounds_whenParsed_thenRefusedWithAShortMessage(String text) {
        DecimalException e = assertThrows(DecimalException.class, () -> Decimals.rate(text), text);
        assertTrue(e.getMessage().length() < 120, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"12.50, 2, 1250", "-3, 2, -300", "5, 0, 5", "0.00000001, 8, 1", "92233720368547758.07, 2, 9223372036854775807"})
    void givenAnAmountWithinTheBounds_whenParsed_thenItsMinorUnitsAreExact(String text, int scale, long minor) {
        assertEquals(minor, Decimals.minor(text, scale));
    }

    @ParameterizedTest
    @CsvSource({"1.234, 2", "1E+3, 2", "92233720368547758.08, 2", "12., 2", ".5, 2", "1.5, 0", "'', 2", "+5, 2"})
    void givenAnAmountOutsideTheBounds_whenParsed_thenRefused(String text, int scale) {
        assertThrows(DecimalException.class, () -> Decimals.amount(text, scale), text);
    }
}
