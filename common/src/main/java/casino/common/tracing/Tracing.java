package casino.common.tracing;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's OpenTelemetry SDK (no javaagent): {@link #start} builds it from the environment. With
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, spans are sampled by {@code OTEL_TRACES_SAMPLER} (default
 * parent-based always-on) and exported by OTLP over HTTP/protobuf (the JDK's HttpClient); without it
 * nothing is recorded or exported, but trace ids are still made and propagated (W3C
 * {@code traceparent}, flag "not sampled"), so logs and records stay correlated at the cost of an id.
 * Tests {@link #install} an SDK with an in-memory exporter. Gap: OTLP over gRPC is not supported.
 */
public final class Tracing {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    public static final String OTLP_ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public static final String OTLP_TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public static final String OTLP_HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
    public static final String OTLP_PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";
    public static final String SAMPLER = "OTEL_TRACES_SAMPLER";
    public static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";
    /** The instrumentation scope of every span of this code base. */
    public static final String SCOPE = "casino";
    private static final AttributeKey<String> SERVICE_NAME_KEY = AttributeKey.stringKey("service.name");

    private static final Sampler PROPAGATE_ONLY_SAMPLER = Sampler.alwaysOff();
    /** Does nothing; without any processor the SDK hands out a no-op tracer, which makes no ids. */
    private static final SpanProcessor NO_PROCESSOR = new SpanProcessor() {
        @Override
        public void onStart(io.opentelemetry.context.Context parent, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    };

    private static volatile OpenTelemetrySdk sdk = propagateOnly();
    private static volatile Tracer tracer = sdk.getTracer(SCOPE);

    private Tracing() {}

    /** The tracer every span of this process starts from (the installed SDK's). */
    public static Tracer tracer() {
        return tracer;
    }

    /** Whether spans are recorded (an exporter is configured or a test installed an SDK that samples). */
    public static boolean recording() {
        return sdk.getSdkTracerProvider().getSampler() != PROPAGATE_ONLY_SAMPLER;
    }

    /**
     * Builds the SDK of {@code service} from {@code config} (see the class comment) and makes it this
     * process's; closing the result exports what is pending (register it with the shutdown first).
     */
    public static AutoCloseable start(String service, Config config) {
        String name = config.string(SERVICE_NAME, service);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME_KEY, name)));
        var endpoint = config.optional(OTLP_TRACES_ENDPOINT).or(() -> config.optional(OTLP_ENDPOINT)
                .map(base -> base + (base.endsWith("/") ? "" : "/") + "v1/traces"));
        if (endpoint.isEmpty()) {
            install(propagateOnly());
            log.info("tracing: {} not set, spans are not recorded (trace ids are still propagated)", OTLP_ENDPOINT);
            return Tracing::flush;
        }
        String protocol = config.string(OTLP_PROTOCOL, "http/protobuf");
        if (!protocol.equals("http/protobuf")) {
            throw new ConfigException(OTLP_PROTOCOL, "only http/protobuf is supported, got '" + protocol + "'");
        }
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint.get());
        config.optional(OTLP_HEADERS).ifPresent(h -> {
            for (String pair : h.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) throw new ConfigException(OTLP_HEADERS, "expected key=value pairs separated by commas");
                exporter.addHeader(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        });
        install(build(resource, sampler(config), BatchSpanProcessor.builder(exporter.build()).build()));
        log.info("tracing: exporting spans of {} to {}", name, endpoint.get());
        return Tracing::flush;
    }

    /** An SDK that records every span (always-on) and hands each to {@code exporter} at once: for tests. */
    public static OpenTelemetrySdk forTests(String service, SpanExporter exporter) {
        return build(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME_KEY, service))),
                Sampler.alwaysOn(), SimpleSpanProcessor.create(exporter));
    }

    /** Makes {@code next} this process's SDK, shutting the previous one down (its spans flushed). */
    public static synchronized void install(OpenTelemetrySdk next) {
        OpenTelemetrySdk previous = sdk;
        sdk = next;
        tracer = next.getTracer(SCOPE);
        if (previous != next) previous.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
    }

    /** Back to recording nothing (propagation only); flushes and shuts the current SDK down. */
    public static void reset() {
        install(propagateOnly());
    }

    /** Exports what is pending (at shutdown). */
    public static void flush() {
        sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
    }

    /** The OpenTelemetry API view of the installed SDK (for libraries that take one). */
    public static OpenTelemetry openTelemetry() {
        return sdk;
    }

    private static OpenTelemetrySdk propagateOnly() {
        return OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder().setSampler(PROPAGATE_ONLY_SAMPLER)
                        .addSpanProcessor(NO_PROCESSOR).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    }

    private static OpenTelemetrySdk build(Resource resource, Sampler sampler, SpanProcessor processor) {
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource).setSampler(sampler)
                .addSpanProcessor(processor).build();
        return OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    }

    /** OTEL_TRACES_SAMPLER as the SDK's autoconfiguration reads it (default parentbased_always_on). */
    static Sampler sampler(Config config) {
        String name = config.string(SAMPLER, "parentbased_always_on");
        double ratio = 1.0;
        if (name.endsWith("traceidratio")) {
            String arg = config.string(SAMPLER_ARG, "1.0");
            try {
                ratio = Double.parseDouble(arg);
            } catch (NumberFormatException e) {
                throw new ConfigException(SAMPLER_ARG, "must be a ratio between 0 and 1, got '" + arg + "'");
            }
            if (!(ratio >= 0 && ratio <= 1)) throw new ConfigException(SAMPLER_ARG, "must be a ratio between 0 and 1, got '" + arg + "'");
        }
        return switch (name) {
            case "always_on" -> Sampler.alwaysOn();
            case "always_off" -> Sampler.alwaysOff();
            case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
            case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
            case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
            case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
            default -> throw new ConfigException(SAMPLER, "unknown sampler '" + name + "' (always_on, always_off, traceidratio,"
                    + " parentbased_always_on, parentbased_always_off, parentbased_traceidratio)");
        };
    }
}
