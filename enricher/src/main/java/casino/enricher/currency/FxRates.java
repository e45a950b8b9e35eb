package casino.enricher.currency;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * One answer of the FX API: units of each currency per 1 EUR (EUR itself is 1), and when it was
 * fetched (a ticker reading in nanoseconds, so staleness is measured on the cache's clock).
 */
public record FxRates(Map<String, BigDecimal> perEur, long fetchedAtNanos) {
    public FxRates {
        perEur = Map.copyOf(perEur);
    }

    public Optional<BigDecimal> rate(String currency) {
        return Optional.ofNullable(perEur.get(currency));
    }

    FxRates fetchedAt(long nanos) {
        return new FxRates(perEur, nanos);
    }
}
