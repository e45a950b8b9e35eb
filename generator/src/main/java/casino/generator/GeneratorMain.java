package casino.generator;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.kafka.Topics;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the generator: options, topic, id sequence, producer, health, readiness and Prometheus
 * {@code /metrics} ({@code casino_events_published_total}, the producer's {@code kafka_producer_*})
 * on GENERATOR_PORT (8084; 0 picks a free port), and a clean flush on SIGTERM.
 */
public final class GeneratorMain {
    private static final Logger log = LoggerFactory.getLogger(GeneratorMain.class);

    public static void main(String[] args) {
        System.exit(run(args, Config.fromEnv(), System.err));
    }

    /** Runs the generator; returns the process exit code (2 for bad options, 1 for a failure). */
    public static int run(String[] args, Config config, PrintStream err) {
        return run(args, config, err, Topics.CASINO_EVENTS);
    }

    /** {@link #run(String[], Config, PrintStream)} publishing to {@code topic} (tests use their own). */
    static int run(String[] args, Config config, PrintStream err, Topic<Long, CasinoEvent> topic) {
        GeneratorOptions options;
        try {
            options = GeneratorOptions.parse(args, config);
        } catch (GeneratorOptions.UsageException e) {
            err.println("generator: error: " + e.getMessage());
            err.println(GeneratorOptions.USAGE);
            return 2;
        }
        AccessPolicy access;
        try {
            access = AccessPolicy.from(config);
        } catch (casino.common.config.ConfigException e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        }
        long seed = options.seed().orElseGet(System::nanoTime);
        TopicAdmin.ensure(config, List.of(topic), Duration.ofSeconds(60));
        IdSequence ids;
        try {
            ids = IdSequence.continuing(CommonSettings.bootstrapServers(config), topic.name(), Duration.ofSeconds(30));
        } catch (IdSequence.Exhausted e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        }
        log.info("generator starting: rate {} events/s{}, count {}, seed {}, first id {}", options.rate(),
                options.max() ? " (--max: unpaced)" : "", options.count().map(String::valueOf).orElse("unlimited"),
                seed, ids.peek());

        try (var producer = new KafkaProducer<>(producerProperties(config, options),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            Generator generator = new Generator(options, producer, topic, new EventFactory(seed), ids,
                    Clock.systemUTC());
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                generator.stop();
                try {
                    finished.await(); // let run() flush before the JVM exits
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "generator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            ServiceMetrics metrics = ServiceMetrics.create("generator");
            metrics.kafkaClient(producer);
            FunctionCounter.builder("casino.events.published", generator, Generator::acknowledged)
                    .description("events published and acknowledged by the broker").register(metrics.registry());
            try (HttpServer http = HttpServer.builder("generator").port(config.integer("GENERATOR_PORT", 8084))
                    .access(access).metrics(metrics)
                    .readiness(ReadinessCheck.of("kafka-producer", () -> new ReadinessCheck.Status(
                            generator.acknowledged() > 0, generator.acknowledged() + " events acknowledged")))
                    .info(() -> Map.of("acknowledged", generator.acknowledged())).start()) {
                long acked = generator.run();
                log.info("generator stopped after {} acknowledged events", acked);
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running: it waits for `finished`, which is counted down
                }
            }
        } catch (IdSequence.Exhausted e) {
            err.println("generator: error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            log.error("generator failed", e);
            return 1;
        }
        return 0;
    }

    static Properties producerProperties(Config config, GeneratorOptions options) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, options.max() ? 10 : 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, options.max() ? 128 * 1024 : 16 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return p;
    }
}
