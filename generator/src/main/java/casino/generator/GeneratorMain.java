package casino.generator;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import casino.common.tracing.Tracing;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link GeneratorService} from its {@link GeneratorSettings} until its count is reached or SIGTERM. */
public final class GeneratorMain {
    private static final Logger log = LoggerFactory.getLogger(GeneratorMain.class);

    private GeneratorMain() {}

    public static void main(String[] args) {
        System.exit(run(args, Config.fromEnv(), System.err));
    }

    /** Runs the generator; returns the process exit code (2 for bad options, 1 for a failure). */
    public static int run(String[] args, Config config, PrintStream err) {
        try (AutoCloseable tracing = Tracing.start("generator", config)) { // closed last: flushes the spans
            return run(args, config, err, Topics.CASINO_EVENTS);
        } catch (Exception e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        }
    }

    /** {@link #run(String[], Config, PrintStream)} publishing to {@code topic} (tests use their own). */
    static int run(String[] args, Config config, PrintStream err, Topic<Long, CasinoEvent> topic) {
        GeneratorSettings settings;
        try {
            settings = GeneratorSettings.from(args, config);
        } catch (GeneratorOptions.UsageException e) {
            err.println("generator: error: " + e.getMessage());
            err.println(GeneratorOptions.USAGE);
            return 2;
        } catch (ConfigException e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        }
        try (GeneratorService service = GeneratorService.start(settings, config, topic)) {
            Thread hook = new Thread(service::close, "generator-shutdown"); // SIGTERM: stop and flush
            Runtime.getRuntime().addShutdownHook(hook);
            service.awaitCompletion();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is closing the service; close() below waits for nothing more
            }
        } catch (IdSequence.Exhausted e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            log.error("generator failed", e);
            return 1;
        }
        return 0;
    }
}
