package casino.materializer.api;

import casino.materializer.query.ClusterView;
import casino.materializer.query.Snapshot;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The HTTP surface: {@code GET /materialized} (six global figures), {@code GET /materialized/stream}
 * (SSE), {@code GET /} (the live page) and the internal partial endpoint peers call. Unknown paths and
 * wrong methods get JSON errors from the shared HttpServer.
 */
public final class MaterializedRoutes {
    public static final String PAGE_RESOURCE = "/casino/materializer/web/index.html";
    /** Routes that stay open with API keys: the dashboard, its figures and stream, and the peers' partial view. */
    public static final String[] OPEN = {"/", "/materialized", "/materialized/stream", ClusterView.PARTIAL_PATH};

    private MaterializedRoutes() {}

    public static void install(Javalin app, Supplier<Snapshot> global, ClusterView view, SnapshotBroadcaster broadcaster) {
        String page = page();
        app.get("/", ctx -> ctx.html(page));
        app.get("/materialized", ctx -> ctx.json(global.get().figures()));
        app.sse("/materialized/stream", broadcaster::add);
        app.get(ClusterView.PARTIAL_PATH, ctx -> ctx.json(view.local()));
    }

    static String page() {
        try (InputStream in = MaterializedRoutes.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing " + PAGE_RESOURCE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
