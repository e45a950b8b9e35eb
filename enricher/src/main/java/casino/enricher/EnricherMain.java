package casino.enricher;

import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;
import casino.enricher.pipeline.EventPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enricher until SIGTERM: events on stdout as JSON lines (stdout is reserved for them),
 * operational logs as JSON on stderr.
 */
public final class EnricherMain {
    private static final Logger log = LoggerFactory.getLogger(EnricherMain.class);
    private EnricherMain() {}

    public static void main(String[] args) throws InterruptedException {
        StreamsService.exitProcessOnGiveUp(); // threads failing over and over: exit 70, the supervisor restarts us
        EventPrinter printer = EventPrinter.stdout();
        Shutdown shutdown = Shutdown.install("enricher");
        shutdown.register(Tracing.start("enricher", Config.fromEnv())); // closed last: flushes the spans
        // registered before starting, so a SIGTERM during start-up still closes it
        EnricherService service = shutdown.register(EnricherService.create(Config.fromEnv(), EnricherService.Options.defaults(printer)));
        try {
            service.start();
        } catch (RuntimeException e) {
            log.error("enricher failed to start", e);
            System.exit(1); // the shutdown hook closes what was opened
        }
        shutdown.await();
    }
}
