package casino.common.http;

import casino.common.json.Json;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bootstrap every service shares: Javalin with {@code GET /health} (liveness; the service
 * may bring its own handler), {@code GET /ready} (every {@link ReadinessCheck} up, else 503), and
 * JSON errors {@code {"error": "...", "field": "..."}} for every failure, including the ones Jetty
 * answers before Javalin (malformed URIs, oversized URIs and headers), unknown paths, wrong methods,
 * malformed JSON, writes of another media type (415) and bodies over 64 KiB. {@link #close} stops
 * accepting and lets in-flight requests finish (bounded by the Jetty stop timeout); it is idempotent.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final long MAX_BODY_BYTES = 64 * 1024;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpServer(Javalin app) {
        this.app = app;
    }

    /** Starts building the server of {@code service}: port 0 (a free one), no checks, JSON health. */
    public static Builder builder(String service) {
        return new Builder(service);
    }

    /** Shorthand for {@link #builder} with a port, checks, extra {@code /ready} fields and routes. */
    public static HttpServer start(String service, int port, List<ReadinessCheck> checks,
                                   Supplier<Map<String, Object>> info, Consumer<Javalin> routes) {
        return builder(service).port(port).readiness(checks).info(info).routes(routes).start();
    }

    /** What a service declares about its HTTP side; {@link #start} starts it. */
    public static final class Builder {
        private final String service;
        private int port;
        private final List<ReadinessCheck> checks = new ArrayList<>();
        private Supplier<Map<String, Object>> info;
        private Handler health;
        private Consumer<Javalin> routes = app -> {};

        private Builder(String service) {
            this.service = Objects.requireNonNull(service);
            this.health = ctx -> ctx.json(Map.of("status", "UP", "service", service));
        }

        /** 0 (the default) picks a free port; {@link HttpServer#port()} tells which. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Adds checks to {@code GET /ready}. */
        public Builder readiness(List<ReadinessCheck> more) {
            checks.addAll(more);
            return this;
        }

        public Builder readiness(ReadinessCheck check) {
            checks.add(check);
            return this;
        }

        /** Extra fields of the {@code /ready} body (null: none). */
        public Builder info(Supplier<Map<String, Object>> info) {
            this.info = info;
            return this;
        }

        /** The service's own {@code GET /health} (default: {@code {"status":"UP","service":...}}). */
        public Builder health(Handler health) {
            this.health = Objects.requireNonNull(health);
            return this;
        }

        public Builder routes(Consumer<Javalin> routes) {
            this.routes = Objects.requireNonNull(routes);
            return this;
        }

        public HttpServer start() {
            Javalin app = Javalin.create(cfg -> {
                cfg.showJavalinBanner = false;
                // handlers that wait (read-your-writes, long polls) park a virtual thread, not one of a bounded pool
                cfg.useVirtualThreads = true;
                // answers are small JSON documents: compressing them costs more CPU than it saves
                cfg.http.disableCompression();
                cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                cfg.http.maxRequestSize = MAX_BODY_BYTES;
                cfg.router.ignoreTrailingSlashes = true;
                cfg.http.prefer405over404 = true;
                // a request whose body breaks off is the client's fault (Javalin answers these itself)
                cfg.jetty.clientAbortStatus = 400;
                JsonErrorHandler errors = new JsonErrorHandler();
                cfg.jetty.modifyServer(server -> {
                    server.setStopTimeout(5_000);
                    server.setErrorHandler(errors);
                });
                cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(errors));
            });
            app.get("/health", health);
            app.get("/ready", ctx -> {
                Map<String, Object> body = new LinkedHashMap<>();
                Map<String, Object> results = new LinkedHashMap<>();
                boolean ready = true;
                for (ReadinessCheck c : checks) {
                    ReadinessCheck.Status s = c.check();
                    ready &= s.ready();
                    results.put(c.name(), Map.of("ready", s.ready(), "detail", String.valueOf(s.detail())));
                }
                body.put("ready", ready);
                body.put("service", service);
                body.put("checks", results);
                if (info != null) body.putAll(info.get());
                ctx.status(ready ? 200 : 503).json(body);
            });
            HttpErrors.install(app);
            routes.accept(app);
            app.start(port);
            log.info("{} listening on port {}", service, app.port());
            return new HttpServer(app);
        }
    }

    public int port() {
        return app.port();
    }

    /** Every registered route as "METHOD path" (for contract checks such as the OpenAPI document). */
    public List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()).toList();
    }

    public Javalin javalin() {
        return app;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            app.stop();
        }
    }
}
