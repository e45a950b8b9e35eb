package casino.fx;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Simulated market: units of each currency per 1 EUR, as a pure function of time. Each rate
 * drifts around a realistic anchor by at most {@code ±AMPLITUDE} on a slow wave (one-hour period,
 * a different phase per currency), so two reads a second apart differ a little and the rates never
 * wander off. Rates are rounded to 6 significant digits, like a real quote; they are exchange
 * rates, not money, so a decimal built from a sine is fine here.
 */
public final class RateModel {
    /** Anchors (late 2026 ballpark): 1 EUR buys this much of each currency. EUR itself is 1. */
    static final Map<String, BigDecimal> ANCHORS = anchors();
    static final double AMPLITUDE = 0.005;
    static final long PERIOD_SECONDS = 3600;
    private static final MathContext SIX_DIGITS = new MathContext(6, RoundingMode.HALF_EVEN);

    private RateModel() {}

    private static Map<String, BigDecimal> anchors() {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        m.put("USD", new BigDecimal("1.07"));
        m.put("GBP", new BigDecimal("0.85"));
        m.put("NZD", new BigDecimal("1.80"));
        m.put("BTC", new BigDecimal("0.000011"));
        return Map.copyOf(m);
    }

    /** Rates at {@code now}, keyed by currency code, EUR included as exactly 1. */
    public static Map<String, BigDecimal> ratesAt(Instant now) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        int phase = 0;
        for (String code : new String[] {"USD", "GBP", "NZD", "BTC"}) {
            double angle = 2 * Math.PI * ((now.getEpochSecond() % PERIOD_SECONDS) / (double) PERIOD_SECONDS) + phase++;
            BigDecimal factor = BigDecimal.valueOf(1 + AMPLITUDE * Math.sin(angle));
            rates.put(code, ANCHORS.get(code).multiply(factor).round(SIX_DIGITS).stripTrailingZeros());
        }
        rates.put("EUR", BigDecimal.ONE);
        return rates;
    }
}
