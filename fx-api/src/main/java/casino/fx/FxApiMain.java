package casino.fx;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import java.time.Clock;

/** Runs the FX API on FX_API_PORT (default 8082) until SIGTERM. */
public final class FxApiMain {
    public static final String PORT = "FX_API_PORT";
    public static final int DEFAULT_PORT = 8082;

    private FxApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        Config config = Config.fromEnv();
        Shutdown shutdown = Shutdown.install("fx-api");
        shutdown.register(FxApi.start(config.integer(PORT, DEFAULT_PORT), Clock.systemUTC()));
        shutdown.await();
    }
}
