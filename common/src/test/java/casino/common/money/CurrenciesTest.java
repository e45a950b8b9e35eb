package casino.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.ConfigException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CurrenciesTest {

    @Test
    void givenNoConfiguration_thenTheBuiltInTableAndTwoDecimalsForAnyOtherCode() {
        Currencies table = Currencies.fromEnvironment(Map.of());
        assertEquals(0, table.scaleOf("JPY"));
        assertEquals(8, table.scaleOf("BTC"));
        assertEquals(2, table.scaleOf("THB"));
        assertEquals(2, table.scaleOf("XAU"), "a code first seen with a rate has 2 decimals");
        assertEquals(new BigDecimal("15"), table.toMajor(15, "JPY"));
    }

    @Test
    void givenCurrencyDecimals_thenTheConfiguredCodesHaveThem() {
        Currencies table = Currencies.fromEnvironment(Map.of(Currencies.VARIABLE, "XAU:4, KWD:3"));
        assertEquals(4, table.scaleOf("XAU"));
        assertEquals(3, table.scaleOf("KWD"));
        assertEquals(new BigDecimal("1.234"), table.toMajor(1234, "KWD"));
        assertEquals(0, table.scaleOf("JPY"), "the built-in table stays");
    }

    @Test
    void givenAMalformedOrConflictingValue_thenTheErrorNamesTheVariable() {
        for (String bad : new String[] {"XAU", "XAU:x", "xau:2", "XAU:-1", "JPY:2"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> Currencies.fromEnvironment(Map.of(Currencies.VARIABLE, bad)), bad);
            assertTrue(e.getMessage().startsWith(Currencies.VARIABLE), e.getMessage());
        }
    }
}
