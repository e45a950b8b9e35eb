package casino.generator;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.metrics.ServiceMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generator as a service: the topic (created if absent), the id sequence (after the highest id it
 * wrote itself), an idempotent producer, and health, readiness and Prometheus {@code /metrics}
 * ({@code casino_events_published_total}, {@code kafka_producer_*}) on its port. {@link #start}
 * publishes on its own thread; {@link #close} stops it, waits until every event sent is acknowledged
 * (a clean flush), then closes HTTP and the producer; it is idempotent.
 */
public final class GeneratorService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GeneratorService.class);
    private final Generator generator;
    private final KafkaProducer<Long, CasinoEvent> producer;
    private final HttpServer http;
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private GeneratorService(Generator generator, KafkaProducer<Long, CasinoEvent> producer, HttpServer http) {
        this.generator = generator;
        this.producer = producer;
        this.http = http;
    }

    /** @throws IdSequence.Exhausted when no id is left after the highest one this generator wrote */
    public static GeneratorService start(GeneratorSettings settings, Config config, Topic<Long, CasinoEvent> topic) {
        GeneratorOptions options = settings.options();
        long seed = options.seed().orElseGet(System::nanoTime);
        TopicAdmin.ensure(config, List.of(topic), Duration.ofSeconds(60));
        IdSequence ids = IdSequence.continuing(CommonSettings.bootstrapServers(config), topic.name(), Duration.ofSeconds(30));
        log.info("generator starting: rate {} events/s{}, count {}, seed {}, first id {}", options.rate(),
                options.max() ? " (--max: unpaced)" : "", options.count().map(String::valueOf).orElse("unlimited"),
                seed, ids.peek());
        KafkaProducer<Long, CasinoEvent> producer = new KafkaProducer<>(producerProperties(config, options),
                topic.keySerde().serializer(), topic.valueSerde().serializer());
        Generator generator = new Generator(options, producer, topic, new EventFactory(seed), ids, Clock.systemUTC());
        ServiceMetrics metrics = ServiceMetrics.create("generator");
        metrics.kafkaClient(producer);
        FunctionCounter.builder("casino.events.published", generator, Generator::acknowledged)
                .description("events published and acknowledged by the broker").register(metrics.registry());
        HttpServer http;
        try {
            http = HttpServer.builder("generator").port(settings.port()).access(settings.access()).metrics(metrics)
                    .openApi("/casino/generator/openapi.json")
                    .readiness(ReadinessCheck.of("kafka-producer", () -> new ReadinessCheck.Status(
                            generator.acknowledged() > 0, generator.acknowledged() + " events acknowledged")))
                    .info(() -> Map.of("acknowledged", generator.acknowledged())).start();
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
        GeneratorService service = new GeneratorService(generator, producer, http);
        Thread.ofPlatform().name("generator").start(() -> {
            try {
                service.finished.complete(generator.run());
            } catch (RuntimeException e) {
                service.finished.completeExceptionally(e);
            }
        });
        return service;
    }

    /** Waits until the generator stops (its count reached, or {@link #close}); returns the events acknowledged. */
    public long awaitCompletion() throws InterruptedException {
        try {
            return finished.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public int port() {
        return http.port();
    }

    /** Every registered route, as "METHOD path". */
    public List<String> routes() {
        return http.routes();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        generator.stop();
        try {
            log.info("generator stopped after {} acknowledged events", awaitCompletion());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("generator failed", e);
        } finally {
            http.close();
            producer.close();
        }
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
