package casino.enricher.currency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class FxClientTest {
    @Test
    void givenTheFrankfurterShape_whenParsed_thenRatesAreExactDecimalsAndEurIsOne() throws IOException {
        FxRates r = FxClient.parse("{\"amount\":1.0,\"base\":\"EUR\",\"date\":\"2026-11-20\",\"rates\":{\"USD\":1.07,\"GBP\":0.85,\"BTC\":0.000011}}");
        assertEquals(new BigDecimal("1.07"), r.rate("USD").orElseThrow());
        assertEquals(new BigDecimal("0.000011"), r.rate("BTC").orElseThrow());
        assertEquals(BigDecimal.ONE, r.rate("EUR").orElseThrow());
    }

    @Test
    void givenAUsdBase_whenParsed_thenRatesAreReexpressedPerEur() throws IOException {
        FxRates r = FxClient.parse("{\"base\":\"USD\",\"rates\":{\"EUR\":0.8,\"GBP\":0.68}}");
        assertEquals(0, new BigDecimal("1.25").compareTo(r.rate("USD").orElseThrow()));
        assertEquals(0, new BigDecimal("0.85").compareTo(r.rate("GBP").orElseThrow()));
        assertEquals(BigDecimal.ONE, r.rate("EUR").orElseThrow());
    }

    @Test
    void givenUnusableAnswers_whenParsed_thenTheyAreErrorsNotGuesses() {
        assertThrows(IOException.class, () -> FxClient.parse("{\"base\":\"EUR\"}"));
        assertThrows(IOException.class, () -> FxClient.parse("{\"base\":\"EUR\",\"rates\":{\"USD\":\"1.07\"}}"));
        assertThrows(IOException.class, () -> FxClient.parse("{\"base\":\"EUR\",\"rates\":{\"USD\":0}}"));
        assertThrows(IOException.class, () -> FxClient.parse("{\"base\":\"USD\",\"rates\":{\"GBP\":0.68}}"));
        assertThrows(IOException.class, () -> FxClient.parse("<html>503</html>"));
    }

    @Test
    void givenRatesOutsideDecimalsBounds_whenParsed_thenTheFetchFailsWithAShortReason() {
        for (String rate : new String[] {"1e400", "1E+999999999", "1e-31", "0.1234567890123456789"}) {
            IOException e = assertThrows(IOException.class,
                    () -> FxClient.parse("{\"base\":\"EUR\",\"rates\":{\"USD\":1.07,\"GBP\":" + rate + "}}"), rate);
            assertTrue(e.getMessage().contains("'GBP'") && e.getMessage().length() < 200, e.getMessage());
        }
    }
}
