package casino.enricher.currency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RateSource} that counts its calls by result ({@code casino_fx_calls_total{result=ok|error}})
 * and times them ({@code casino_fx_call_seconds}); what it fetches is unchanged.
 */
public final class MeteredRateSource implements RateSource {
    private final RateSource source;
    private final Counter ok;
    private final Counter error;
    private final Timer latency;

    public MeteredRateSource(RateSource source, MeterRegistry registry) {
        this.source = source;
        ok = calls(registry, "ok");
        error = calls(registry, "error");
        latency = Timer.builder("casino.fx.call").description("calls to the FX API").publishPercentileHistogram().register(registry);
    }

    private static Counter calls(MeterRegistry registry, String result) {
        return Counter.builder("casino.fx.calls").description("calls to the FX API, by result").tag("result", result)
                .register(registry);
    }

    @Override
    public FxRates fetch() throws Exception {
        long start = System.nanoTime();
        try {
            FxRates rates = source.fetch();
            ok.increment();
            return rates;
        } catch (Exception e) {
            error.increment();
            throw e;
        } finally {
            latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
