package casino.wallet.api;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3 document of every route ({@code openapi.json} next to this class) at {@code GET /openapi.json}. */
final class OpenApi {
    static final String PATH = "/openapi.json";

    private OpenApi() {}

    static void register(Javalin app) {
        byte[] document = load();
        app.get(PATH, ctx -> ctx.contentType("application/json").result(document));
    }

    static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new IllegalStateException("openapi.json missing from the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
