package casino.reporting;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;

/** Starts the reporting service from environment variables; SIGTERM closes it gracefully. */
public final class ReportingMain {
    private ReportingMain() {}

    public static void main(String[] args) throws InterruptedException {
        Shutdown shutdown = Shutdown.install("reporting");
        shutdown.register(Tracing.start("reporting", Config.fromEnv())); // closed last: flushes the spans
        shutdown.register(ReportingService.start(Config.fromEnv()));
        shutdown.await();
    }
}
