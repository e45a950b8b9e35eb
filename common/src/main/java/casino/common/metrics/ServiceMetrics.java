package casino.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one service instance, in Micrometer's Prometheus registry (one registry per
 * instance, so several services in one JVM, as in tests, do not mix): JVM and process meters from
 * the start, Kafka clients and Kafka Streams once bound, HTTP timers per route template, and the
 * service's own meters; every meter carries {@code service}. {@link #close} unbinds what was bound.
 * Known gap: counters are per process and restart at zero (Prometheus's rate() copes).
 */
public final class ServiceMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceMetrics.class);
    /** The Prometheus text format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final String service;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bound = new CopyOnWriteArrayList<>();

    private ServiceMetrics(String service) {
        this.service = service;
        registry.config().commonTags("service", service);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        bind(new JvmGcMetrics());
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public static ServiceMetrics create(String service) {
        return new ServiceMetrics(service);
    }

    public String service() {
        return service;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Binds {@code binder}; it is closed with this registry. */
    public <T extends MeterBinder & AutoCloseable> T bind(T binder) {
        binder.bindTo(registry);
        bound.add(binder);
        return binder;
    }

    /** Kafka Streams meters ({@code kafka_stream_*} and the meters of its clients). */
    public void kafkaStreams(KafkaStreams streams) {
        bind(new KafkaStreamsMetrics(streams));
    }

    /** A producer's meters ({@code kafka_producer_*}). */
    public void kafkaClient(Producer<?, ?> producer) {
        bind(new KafkaClientMetrics(producer));
    }

    /** A consumer's meters ({@code kafka_consumer_*}). */
    public void kafkaClient(Consumer<?, ?> consumer) {
        bind(new KafkaClientMetrics(consumer));
    }

    /** The HTTP server timer of one answered request ({@code http_server_requests_seconds}). */
    public void httpRequest(String method, String route, int status, Duration took) {
        Timer.builder("http.server.requests").description("HTTP requests answered, by route template")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        for (AutoCloseable c : bound) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing meters of {}: {}", service, e.toString());
            }
        }
        bound.clear();
        registry.close();
    }
}
