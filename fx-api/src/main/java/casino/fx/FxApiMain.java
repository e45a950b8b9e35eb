package casino.fx;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import java.time.Clock;

/** Runs the FX API ({@link FxApiSettings}) until SIGTERM. */
public final class FxApiMain {
    /** @deprecated use {@link FxApiSettings#PORT} */
    @Deprecated
    public static final String PORT = FxApiSettings.PORT;
    /** @deprecated use {@link FxApiSettings#DEFAULT_PORT} */
    @Deprecated
    public static final int DEFAULT_PORT = FxApiSettings.DEFAULT_PORT;

    private FxApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        Shutdown shutdown = Shutdown.install("fx-api");
        shutdown.register(FxApiService.start(FxApiSettings.from(Config.fromEnv()), Clock.systemUTC()));
        shutdown.await();
    }
}
