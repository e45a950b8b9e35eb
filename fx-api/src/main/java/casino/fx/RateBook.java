package casino.fx;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fx-api's current rates (units per 1 EUR): the simulated market ({@link RateModel}, or its fixed
 * anchors when the simulation is off, {@code FX_SIMULATE=false}) overlaid with the rates set by {@code
 * PUT /rates}, which stay fixed until set again. EUR is always 1.
 */
public final class RateBook {
    private final boolean simulate;
    private final Map<String, BigDecimal> set = new ConcurrentHashMap<>();

    public RateBook(boolean simulate) {
        this.simulate = simulate;
    }

    /** Every current rate at {@code now}, by code. */
    public Map<String, BigDecimal> at(Instant now) {
        Map<String, BigDecimal> rates = new TreeMap<>(simulate ? RateModel.ratesAt(now) : RateModel.ANCHORS);
        rates.put("EUR", BigDecimal.ONE);
        rates.putAll(set);
        return rates;
    }

    /** Fixes these rates (units per EUR, positive) until set again. */
    public void set(Map<String, BigDecimal> rates) {
        set.putAll(rates);
    }

    public boolean simulating() {
        return simulate;
    }
}
