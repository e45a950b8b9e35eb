package casino.fx;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;
import java.time.Clock;
import java.util.Optional;

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
        shutdown.register(Tracing.start("fx-api", Config.fromEnv())); // closed last: flushes the spans
        Config config = Config.fromEnv();
        FxApiSettings settings = FxApiSettings.from(config);
        RateBook rates = new RateBook(settings.simulate());
        Optional<RatePublisher> publisher = settings.publish()
                ? Optional.of(RatePublisher.start(config, rates, Clock.systemUTC())) : Optional.empty();
        publisher.ifPresent(shutdown::register);
        shutdown.register(FxApiService.start(settings, Clock.systemUTC(), rates, publisher));
        shutdown.await();
    }
}
