package casino.materializer;

import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the materializer from environment variables and runs until SIGTERM. */
public final class MaterializerMain {
    private static final Logger log = LoggerFactory.getLogger(MaterializerMain.class);

    private MaterializerMain() {}

    public static void main(String[] args) throws InterruptedException {
        StreamsService.exitProcessOnGiveUp(); // threads failing over and over: exit 70, the supervisor restarts us
        Shutdown shutdown = Shutdown.install("materializer");
        shutdown.register(Tracing.start("materializer", Config.fromEnv())); // closed last: flushes the spans
        try {
            MaterializerService app = shutdown.register(MaterializerService.start(Config.fromEnv(), System::currentTimeMillis));
            log.info("materializer ready on port {}", app.port());
        } catch (RuntimeException e) {
            log.error("materializer failed to start", e);
            shutdown.closeAll();
            System.exit(1);
        }
        shutdown.await();
    }
}
