package casino.common.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * W3C trace context ({@code traceparent}, {@code tracestate}) in and out of Kafka record headers and
 * plain strings (a traceparent carried in a message field). Injecting replaces what the headers
 * held, so a record forwarded with its input's headers names the span that forwarded it. An absent
 * or malformed traceparent reads as no parent (a new trace), never as an error.
 */
public final class TraceHeaders {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapSetter<Headers> SETTER = (headers, key, value) -> {
        if (headers == null) return;
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            List<String> keys = new ArrayList<>();
            for (Header h : headers) keys.add(h.key());
            return keys;
        }

        @Override
        public String get(Headers headers, String key) {
            if (headers == null) return null;
            Header h = headers.lastHeader(key);
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceHeaders() {}

    /** Writes {@code context}'s span into {@code headers} (nothing when it has no valid span); returns the headers. */
    public static Headers inject(Context context, Headers headers) {
        W3C.inject(context, headers, SETTER);
        return headers;
    }

    /** Writes {@code span} into {@code headers}. */
    public static Headers inject(Span span, Headers headers) {
        return inject(Context.root().with(span), headers);
    }

    /** The remote parent the headers name, as a context (the root context when they name none). */
    public static Context extract(Headers headers) {
        return headers == null ? Context.root() : W3C.extract(Context.root(), headers, GETTER);
    }

    /** {@code span} as a traceparent string, "" when it is not valid. */
    public static String traceparent(Span span) {
        SpanContext c = span.getSpanContext();
        if (!c.isValid()) return "";
        return "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex();
    }

    /** The remote parent a traceparent string names, as a context (the root context when empty or malformed). */
    public static Context fromTraceparent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) return Context.root();
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** The parent named by {@code traceparent} if it is a valid one, else by the headers' (a record's fallback). */
    public static Context parent(String traceparent, Headers headers) {
        Context fromField = fromTraceparent(traceparent);
        if (Span.fromContext(fromField).getSpanContext().isValid()) return fromField;
        return extract(headers);
    }
}
