package casino.common.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The currency catalog, the one conversion rule (exact, rounded once half-even) and the fx.rates record's wire form. */
class ConversionTest {
    static BigDecimal d(String text) {
        return new BigDecimal(text);
    }

    @Test
    void givenTheCatalog_thenDecimalsPerCode_andTwoForAnyOtherCode() {
        assertEquals(0, Currencies.STANDARD.scaleOf("JPY"));
        assertEquals(8, Currencies.STANDARD.scaleOf("BTC"));
        assertEquals(2, Currencies.STANDARD.scaleOf("THB"));
        assertEquals(2, Currencies.STANDARD.scaleOf("XYZ"));
        assertEquals(3, Currencies.parse("KWD:3").scaleOf("KWD"));
        assertTrue(Currencies.isCode("EUR") && !Currencies.isCode("eur") && !Currencies.isCode("EURO"));
        // the enum of the casino events agrees with the catalog
        for (Currency c : Currency.values()) assertEquals(c.scale(), Currencies.STANDARD.scaleOf(c.name()), c.name());
    }

    @Test
    void givenHalfAMinorUnit_thenRoundedHalfEven_once() {
        assertEquals(d("0.50"), Conversion.convert(d("1.01"), d("2"), d("1"), 2));
        assertEquals(d("0.52"), Conversion.convert(d("1.03"), d("2"), d("1"), 2));
        assertEquals(d("-0.50"), Conversion.convert(d("-1.01"), d("2"), d("1"), 2));
        // the cross rate is never rounded on the way: a cross rate of 0.33333 would give 333330.00 here
        assertEquals(d("333333.33"), Conversion.convert(d("1000000.00"), d("3"), d("1"), 2));
        assertEquals(d("3333"), Conversion.convert(d("10000"), d("3"), d("1"), 0));
    }

    @Test
    void givenTwoRates_thenTheShownRateIsTheirQuotientTo20Digits() {
        assertEquals("0.8", Conversion.rate(d("1.25"), d("1")).toPlainString());
        assertEquals("0.33333333333333333333", Conversion.rate(d("3"), d("1")).toPlainString());
        assertEquals("160", Conversion.rate(d("1"), d("160")).toPlainString());
    }

    @Test
    void givenARate_thenItsJsonRoundTrips_andBadRecordsAreEmpty() {
        FxRate rate = new FxRate("USD", d("1.2500"), Instant.parse("2026-01-10T12:00:00Z"), "fx-api");
        assertEquals("{\"currency\":\"USD\",\"per_eur\":\"1.25\",\"at\":\"2026-01-10T12:00:00.000Z\",\"source\":\"fx-api\"}", rate.toJson());
        FxRate back = FxRate.SERDE.deserializer().deserialize("fx.rates", FxRate.SERDE.serializer().serialize("fx.rates", rate));
        assertEquals(0, back.perEur().compareTo(rate.perEur()));
        assertEquals(rate.at(), back.at());
        assertTrue(FxRate.parse("{\"currency\":\"USD\",\"per_eur\":\"-1\"}".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(FxRate.parse("{\"currency\":\"USD\",\"per_eur\":1.25}".getBytes(StandardCharsets.UTF_8)).isEmpty(), "a number, not a string");
        assertTrue(FxRate.parse("nope".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertEquals(Instant.parse("2026-01-10T12:00:00Z"), FxRate.parse(
                "{\"currency\":\"GBP\",\"per_eur\":\"0.5\",\"at\":\"2026-01-10T12:00:00+00:00\"}".getBytes(StandardCharsets.UTF_8)).orElseThrow().at());
    }
}
