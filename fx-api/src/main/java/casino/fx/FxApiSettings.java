package casino.fx;

import casino.common.config.Config;
import casino.common.security.AccessPolicy;

/**
 * The FX API's settings: FX_API_PORT (default 8082; 0 picks a free port) and who may call it
 * (API_KEYS, BIND_ADDRESS, ALLOW_ANONYMOUS; see {@link AccessPolicy}).
 */
public record FxApiSettings(int port, AccessPolicy access) {
    public static final String PORT = "FX_API_PORT";
    public static final int DEFAULT_PORT = 8082;

    /** On {@code port}, loopback only, anonymous. */
    public FxApiSettings(int port) {
        this(port, AccessPolicy.loopbackAnonymous());
    }

    public static FxApiSettings from(Config config) {
        return new FxApiSettings(config.integer(PORT, DEFAULT_PORT), AccessPolicy.from(config));
    }
}
