package casino.common.http;

import casino.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bootstrap every service shares: Javalin with {@code GET /health} (liveness),
 * {@code GET /ready} (every {@link ReadinessCheck} up, else 503), and JSON errors
 * {@code {"error": "...", "field": "..."}} for every failure, including unknown paths, wrong
 * methods, malformed JSON and bodies over 64 KiB. {@link #close} stops accepting and lets in-flight
 * requests finish (bounded by the Jetty stop timeout); it is idempotent.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    public static final long MAX_BODY_BYTES = 64 * 1024;
    private final Javalin app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private HttpServer(Javalin app) {
        this.app = app;
    }

    public static HttpServer start(String service, int port, List<ReadinessCheck> checks,
                                   Supplier<Map<String, Object>> info, Consumer<Javalin> routes) {
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
            cfg.jetty.modifyServer(server -> server.setStopTimeout(5_000));
        });
        app.get("/health", ctx -> ctx.json(Map.of("status", "UP", "service", service)));
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
        installErrorHandlers(app);
        routes.accept(app);
        app.start(port);
        log.info("{} listening on port {}", service, app.port());
        return new HttpServer(app);
    }

    static void installErrorHandlers(Javalin app) {
        app.exception(ApiException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            error(ctx, e.status(), e.getMessage(), e.field());
        });
        app.exception(JsonProcessingException.class, (e, ctx) -> jsonError(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            String message = e.getStatus() == 413 ? "request body larger than " + MAX_BODY_BYTES + " bytes"
                    : e.getMessage();
            error(ctx, e.getStatus(), message, null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            if (e.getCause() instanceof JsonProcessingException jpe) {
                jsonError(ctx, jpe);
                return;
            }
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error", null);
        });
        app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), null));
    }

    private static void jsonError(Context ctx, JsonProcessingException e) {
        String field = null;
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            field = mie.getPath().get(mie.getPath().size() - 1).getFieldName();
        }
        String message;
        if (e instanceof UnrecognizedPropertyException upe) {
            message = "unknown field '" + upe.getPropertyName() + "'";
            field = upe.getPropertyName();
        } else if (e instanceof InvalidFormatException ife) {
            message = "wrong type for " + field + ": " + ife.getValue();
        } else if (e instanceof MismatchedInputException) {
            message = field == null ? "malformed JSON body" : "wrong type for " + field;
        } else {
            message = "malformed JSON body: " + e.getOriginalMessage();
        }
        error(ctx, 400, message, field);
    }

    private static void error(Context ctx, int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        ctx.status(status).json(body);
    }

    public int port() {
        return app.port();
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
