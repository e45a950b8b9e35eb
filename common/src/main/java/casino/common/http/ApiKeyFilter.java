package casino.common.http;

import casino.common.security.ApiKeys;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Fail-closed authentication of one request: a route is open only if its template is in the open
 * set; every other request, unknown paths included, needs {@code Authorization: Bearer <secret>} or
 * {@code X-API-Key: <secret>} when keys are configured, else 401 {@code {"error":"unauthorized"}} with
 * {@code WWW-Authenticate: Bearer}. Every authenticated write is logged with the key's name (never
 * the secret). The presented credential stays available to the handler's thread ({@link #credential})
 * so that a request forwarded to a peer instance carries it.
 */
public final class ApiKeyFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    public static final String API_KEY_HEADER = "X-API-Key";
    /** The key's name on the request (a {@link Context} attribute), for handlers that log or audit. */
    public static final String KEY_NAME = "casino.api-key";
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private final ApiKeys keys;
    private final Set<String> open;

    public ApiKeyFilter(ApiKeys keys, Set<String> openRoutes) {
        this.keys = keys;
        this.open = Set.copyOf(openRoutes);
    }

    /** Checks the request whose matched route template is {@code route} (null: no route matched). */
    public void check(Context ctx, String route) {
        CURRENT.remove();
        if (!keys.enabled() || isOpen(route, ctx.path())) return;
        String secret = presented(ctx);
        Optional<String> name = keys.authenticate(secret);
        if (name.isEmpty()) {
            throw new ApiException(401, "unauthorized", null, Map.of("WWW-Authenticate", "Bearer"));
        }
        CURRENT.set(secret);
        ctx.attribute(KEY_NAME, name.get());
        if (!READS.contains(ctx.method())) {
            MDC.put("api_key", name.get());
            try {
                log.info("{} {} by API key '{}'", ctx.method(), ctx.path(), name.get());
            } finally {
                MDC.remove("api_key");
            }
        }
    }

    private boolean isOpen(String route, String path) {
        if (route != null) return open.contains(route);
        // static resources (no route): an open prefix such as /docs/*
        for (String o : open) {
            if (o.endsWith("/*") && path.startsWith(o.substring(0, o.length() - 1)) && !path.contains("..")) return true;
        }
        return false;
    }

    /** Clears the thread's credential once the request is answered. */
    public static void done() {
        CURRENT.remove();
    }

    /** The secret the current request presented (on its handler's thread), to forward to a peer. */
    public static Optional<String> credential() {
        return Optional.ofNullable(CURRENT.get());
    }

    static String presented(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) return auth.substring(7).trim();
        String key = ctx.header(API_KEY_HEADER);
        return key == null ? null : key.trim();
    }
}
