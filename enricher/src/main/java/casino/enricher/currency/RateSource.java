package casino.enricher.currency;

/** Where fresh rates come from (the FX API over HTTP in production). */
@FunctionalInterface
public interface RateSource {
    FxRates fetch() throws Exception;
}
