package casino.fx;

import casino.common.config.Config;
import casino.common.security.AccessPolicy;

/**
 * The FX API's settings: FX_API_PORT (default 8082; 0 picks a free port), FX_SIMULATE (default true:
 * rates never set by PUT /rates drift), FX_PUBLISH (default true: rates go to the compacted fx.rates
 * topic; false needs no broker) and who may call it (API_KEYS, BIND_ADDRESS, ALLOW_ANONYMOUS; see
 * {@link AccessPolicy}).
 */
public record FxApiSettings(int port, boolean simulate, boolean publish, AccessPolicy access) {
    public static final String PORT = "FX_API_PORT";
    public static final int DEFAULT_PORT = 8082;
    public static final String SIMULATE = "FX_SIMULATE";
    public static final String PUBLISH = "FX_PUBLISH";

    /** On {@code port}, simulating, not publishing, loopback only, anonymous (tests). */
    public FxApiSettings(int port) {
        this(port, true, false, AccessPolicy.loopbackAnonymous());
    }

    public static FxApiSettings from(Config config) {
        return new FxApiSettings(config.integer(PORT, DEFAULT_PORT), config.bool(SIMULATE, true), config.bool(PUBLISH, true),
                AccessPolicy.from(config));
    }
}
