package casino.fx;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import java.time.Clock;

/** Runs the FX API on FX_API_PORT (default 8082) until SIGTERM. */
public final class FxApiMain {
    public static final String PORT = "FX_API_PORT";
    public static final int DEFAULT_PORT = 8082;
    /** false: rates never drift (the anchors, and what PUT /rates sets). */
    public static final String SIMULATE = "FX_SIMULATE";
    /** false: do not publish to fx.rates (no broker needed). */
    public static final String PUBLISH = "FX_PUBLISH";

    private FxApiMain() {}

    public static void main(String[] args) throws InterruptedException {
        Config config = Config.fromEnv();
        Shutdown shutdown = Shutdown.install("fx-api");
        RateBook rates = new RateBook(config.bool(SIMULATE, true));
        var publisher = config.bool(PUBLISH, true) ? java.util.Optional.of(RatePublisher.start(config, rates, Clock.systemUTC()))
                : java.util.Optional.<RatePublisher>empty();
        publisher.ifPresent(shutdown::register);
        shutdown.register(FxApi.start(config.integer(PORT, DEFAULT_PORT), Clock.systemUTC(), rates, publisher));
        shutdown.await();
    }
}
