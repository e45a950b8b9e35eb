package casino.common.http;

import casino.common.config.Config;
import casino.common.json.Json;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.matcher.PathParser;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Fail closed: with API keys configured ({@link AccessPolicy}) every route needs a key except the
 * open ones ({@link #OPEN_ROUTES} and what the service adds with {@link Builder#open}), so a new
 * route is protected by default; without keys it listens on loopback only. {@code GET /metrics}
 * serves the service's {@link ServiceMetrics} (closed with the server) and every answer is timed
 * and traced ({@link HttpTracing}) per route template. With {@link Builder#openApi} it serves the
 * service's OpenAPI document at {@code /openapi.json} and Swagger UI at {@code /docs} ({@link ApiDocs}).
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** Routes every service leaves open: probes, metrics and the API's description. */
    public static final Set<String> OPEN_ROUTES = Set.of("/health", "/ready", "/metrics", "/openapi.json", "/docs", "/docs/{asset}", "/docs/*");
    /** The matched route template of a request (a Context attribute; absent when none matched). */
    public static final String ROUTE = "casino.route";
    private final Javalin app;
    private final ServiceMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code /ready} answers within this, whatever its checks do (a check still running is not ready). */
    public static final Duration READY_DEADLINE = Duration.ofMillis(900);
    private final List<Route> routes;

    /** One registered route: its method, template and Javalin's matcher for it. */
    private record Route(HandlerType method, String path, PathParser parser) {
        static String match(List<Route> table, HandlerType method, String path) {
            for (Route r : table) {
                if ((r.method == method || (method == HandlerType.HEAD && r.method == HandlerType.GET)) && r.parser.matches(path)) {
                    return r.path;
                }
            }
            return null;
        }
    }

    private HttpServer(Javalin app, ServiceMetrics metrics, List<Route> routes) {
        this.app = app;
        this.routes = routes;
        this.metrics = metrics;
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
        private AccessPolicy access = AccessPolicy.loopbackAnonymous();
        private final Set<String> open = new HashSet<>(OPEN_ROUTES);
        private ServiceMetrics metrics;
        private String openApi;

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

        /** Who may call and where to listen (default: loopback, anonymous). */
        public Builder access(AccessPolicy access) {
            this.access = Objects.requireNonNull(access);
            return this;
        }

        /** {@link #access} from API_KEYS, BIND_ADDRESS and ALLOW_ANONYMOUS (refuses a public bind without keys). */
        public Builder config(Config config) {
            return access(AccessPolicy.from(config));
        }

        /** Route templates (as registered, e.g. {@code /materialized}) that need no key; {@code /x/*} opens a prefix. */
        public Builder open(String... routes) {
            open.addAll(List.of(routes));
            return this;
        }

        /** The service's meters, served on {@code /metrics} and closed with the server (default: JVM and HTTP only). */
        public Builder metrics(ServiceMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics);
            return this;
        }

        /**
         * The service's OpenAPI 3 document (an absolute class-path name, e.g. {@code /casino/fx/openapi.json}),
         * served at {@code /openapi.json} with Swagger UI at {@code /docs} (see {@link ApiDocs}).
         */
        public Builder openApi(String resource) {
            this.openApi = Objects.requireNonNull(resource);
            return this;
        }

        public HttpServer start() {
            ApiDocs docs = openApi == null ? null : ApiDocs.load(service, openApi, open);
            ServiceMetrics meters = metrics != null ? metrics : ServiceMetrics.create(service);
            ApiKeyFilter keys = new ApiKeyFilter(access.keys(), open);
            List<Route> table = new CopyOnWriteArrayList<>();
            Javalin app = Javalin.create(cfg -> {
                // the route templates, in the order Javalin matches them (its own matcher, no private config)
                cfg.events.handlerAdded(h -> {
                    if (h.getHttpMethod().isHttpMethod()) {
                        table.add(new Route(h.getHttpMethod(), h.getPath(), new PathParser(h.getPath(), cfg.router)));
                    }
                });
                cfg.requestLogger.http((ctx, ms) -> {
                    String route = ctx.attribute(ROUTE);
                    if (route == null) route = ctx.statusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
                    meters.httpRequest(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000)));
                    ApiKeyFilter.done();
                });
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
                // Jetty's per-connection header cache matches values case-insensitively by default: a key
                // sent after one differing only in case would arrive as the earlier value
                cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            });
            app.before(ctx -> {
                String route = Route.match(table, ctx.method(), ctx.path());
                if (route != null) ctx.attribute(ROUTE, route);
                keys.check(ctx, route);
            });
            HttpTracing.install(app); // a server span per request, current while the handlers run
            app.get("/health", health);
            app.get("/metrics", ctx -> ctx.contentType(ServiceMetrics.CONTENT_TYPE).result(meters.scrape()));
            app.get("/ready", ctx -> {
                Map<String, Object> body = new LinkedHashMap<>();
                Map<String, Object> results = new LinkedHashMap<>();
                boolean ready = true;
                for (Map.Entry<String, ReadinessCheck.Status> e : ReadinessCheck.all(checks, READY_DEADLINE).entrySet()) {
                    ready &= e.getValue().ready();
                    results.put(e.getKey(), Map.of("ready", e.getValue().ready(), "detail", String.valueOf(e.getValue().detail())));
                }
                body.put("ready", ready);
                body.put("service", service);
                body.put("checks", results);
                if (info != null) body.putAll(info.get());
                ctx.status(ready ? 200 : 503).json(body);
            });
            HttpErrors.install(app);
            if (docs != null) docs.install(app);
            routes.accept(app);
            try {
                app.start(access.bindAddress(), port);
            } catch (RuntimeException e) {
                meters.close();
                throw e;
            }
            if (access.anonymous()) {
                log.warn("{} takes anonymous requests: {} is not set (listening on {}{})", service, "API_KEYS",
                        access.bindAddress(), AccessPolicy.isLoopback(access.bindAddress()) ? " only" : ", ALLOW_ANONYMOUS=true");
            }
            log.info("{} listening on {}:{} ({})", service, access.bindAddress(), app.port(),
                    access.keys().enabled() ? access.keys().size() + " API keys" : "no API keys");
            return new HttpServer(app, meters, table);
        }
    }

    public int port() {
        return app.port();
    }

    /** Every registered route as "METHOD path" (for contract checks such as the OpenAPI document). */
    public List<String> routes() {
        return routes.stream().map(r -> r.method().name() + " " + r.path()).toList();
    }

    public Javalin javalin() {
        return app;
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            app.stop();
            metrics.close();
        }
    }
}
