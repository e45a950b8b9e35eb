package casino.common.http;

import casino.common.tracing.Tracing;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Set;

/**
 * A server span per request, named "METHOD route-template" and the child of the request's
 * {@code traceparent} header if it has one: current while the handlers run (so what they send or log
 * carries the trace), ended after them with the status. Probes and scrapes ({@code /health},
 * {@code /ready}, {@code /metrics}) get none. Gap: requests refused before the span starts (Jetty's own
 * errors, a missing API key) and handlers that answer asynchronously are not traced.
 */
final class HttpTracing {
    private static final String SPAN = "casino.span";
    private static final String SCOPE = "casino.span.scope";
    private static final Set<String> UNTRACED = Set.of("/health", "/ready", "/metrics");
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private HttpTracing() {}

    /** Registers the before and after handlers; call after the handler that sets {@link HttpServer#ROUTE}. */
    static void install(Javalin app) {
        app.before(HttpTracing::start);
        app.after(HttpTracing::end);
    }

    private static void start(Context ctx) {
        String route = ctx.attribute(HttpServer.ROUTE);
        if (route != null && UNTRACED.contains(route)) return;
        io.opentelemetry.context.Context parent = W3CTraceContextPropagator.getInstance()
                .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        String method = ctx.method().name();
        Span span = Tracing.tracer().spanBuilder(method + " " + (route == null ? "UNMATCHED" : route))
                .setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", ctx.path())
                .startSpan();
        if (route != null) span.setAttribute("http.route", route);
        ctx.attribute(SPAN, span);
        ctx.attribute(SCOPE, span.makeCurrent());
    }

    private static void end(Context ctx) {
        Span span = ctx.attribute(SPAN);
        if (span == null) return;
        Scope scope = ctx.attribute(SCOPE);
        ctx.attribute(SPAN, null);
        ctx.attribute(SCOPE, null);
        if (scope != null) scope.close();
        int status = ctx.statusCode();
        span.setAttribute("http.response.status_code", status);
        if (status >= 500) span.setStatus(StatusCode.ERROR);
        span.end();
    }
}
