package casino.fx;

import casino.common.config.Config;

/** The FX API's settings: FX_API_PORT (default 8082; 0 picks a free port). */
public record FxApiSettings(int port) {
    public static final String PORT = "FX_API_PORT";
    public static final int DEFAULT_PORT = 8082;

    public static FxApiSettings from(Config config) {
        return new FxApiSettings(config.integer(PORT, DEFAULT_PORT));
    }
}
