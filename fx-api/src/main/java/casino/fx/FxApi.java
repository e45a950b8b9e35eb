package casino.fx;

import java.time.Clock;
import java.util.Map;

/**
 * The FX API under its former name, for callers not yet moved to {@link FxApiService}.
 *
 * @deprecated use {@link FxApiService#start(FxApiSettings, Clock)}
 */
@Deprecated
public final class FxApi implements AutoCloseable {
    private final FxApiService service;

    private FxApi(FxApiService service) {
        this.service = service;
    }

    /** Starts on {@code port} (0 picks a free port), simulating, without publishing. */
    public static FxApi start(int port, Clock clock) {
        return new FxApi(FxApiService.start(new FxApiSettings(port), clock));
    }

    public Map<String, Object> failing(boolean fail) {
        return service.failing(fail);
    }

    public long requestsServed() {
        return service.requestsServed();
    }

    public Map<String, Object> stats() {
        return service.stats();
    }

    public int port() {
        return service.port();
    }

    public String latestUrl() {
        return service.latestUrl();
    }

    @Override
    public void close() {
        service.close();
    }
}
