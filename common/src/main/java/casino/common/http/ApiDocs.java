package casino.common.http;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's description on a service: {@code GET /openapi.json} (the service's OpenAPI 3 document from
 * its class path, completed with the routes {@link HttpServer} registers itself and the access policy),
 * {@code GET /docs} (Swagger UI reading it) and {@code GET /docs/{asset}} (Swagger UI's files from the
 * {@code org.webjars:swagger-ui} jar: no CDN, it works offline). The document is read, merged and
 * marked when the server starts, so a missing or malformed one stops the start; routes the server
 * leaves open are marked {@code security: []}, every other operation needs the bearer or X-API-Key
 * scheme. Known gap: it does not compare the document with the routes ({@code casino.infra.OpenApiContract}
 * does, in each service's tests).
 */
final class ApiDocs {
    static final String DOCUMENT = "/openapi.json";
    static final String DOCS = "/docs";
    static final String ASSET = "/docs/{asset}";
    /** The routes every server registers itself, with the security schemes and the error shape. */
    private static final String COMMON = "/casino/common/http/openapi-common.json";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    /** The webjar's own page and initializer point at the public Petstore: not served. */
    private static final Set<String> HIDDEN = Set.of("index.html", "swagger-initializer.js");
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "png", "image/png", "html", "text/html; charset=utf-8",
            "txt", "text/plain; charset=utf-8", "map", "application/json");

    private final byte[] document;
    private final String page;
    private final String webjar;
    private final Map<String, Optional<byte[]>> assets = new ConcurrentHashMap<>();

    private ApiDocs(byte[] document, String title) {
        this.document = document;
        this.page = page(title);
        this.webjar = WEBJAR + swaggerUiVersion() + "/";
    }

    /** Reads the service's document ({@code resource}, an absolute class-path name) and completes it. */
    static ApiDocs load(String service, String resource, Set<String> open) {
        ObjectNode doc = read(resource);
        merge(doc, read(COMMON));
        ObjectNode info = doc.withObjectProperty("info");
        if (!info.hasNonNull("title")) info.put("title", "casino-streams " + service);
        if (!info.hasNonNull("version")) info.put("version", "1.0");
        markSecurity(doc, open);
        return new ApiDocs(Json.write(doc).getBytes(StandardCharsets.UTF_8), info.get("title").asText());
    }

    void install(Javalin app) {
        app.get(DOCUMENT, ctx -> ctx.contentType("application/json").result(document));
        app.get(DOCS, ctx -> ctx.html(page));
        app.get(ASSET, this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        byte[] bytes = ASSET_NAME.matcher(name).matches() && !HIDDEN.contains(name)
                ? assets.computeIfAbsent(name, n -> resource(webjar + n)).orElse(null) : null;
        if (bytes == null) throw new ApiException(404, "no such file: /docs/" + name, null);
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream"))
                .header("Cache-Control", "public, max-age=3600").result(bytes);
    }

    /** Adds what {@code common} has and {@code doc} lacks: path items, operations, component entries, security. */
    static void merge(ObjectNode doc, ObjectNode common) {
        ObjectNode paths = doc.withObjectProperty("paths");
        common.get("paths").fields().forEachRemaining(p -> {
            ObjectNode item = paths.withObjectProperty(p.getKey());
            p.getValue().fields().forEachRemaining(op -> {
                if (!item.has(op.getKey())) item.set(op.getKey(), op.getValue().deepCopy());
            });
        });
        ObjectNode components = doc.withObjectProperty("components");
        common.get("components").fields().forEachRemaining(section -> {
            ObjectNode mine = components.withObjectProperty(section.getKey());
            section.getValue().fields().forEachRemaining(e -> {
                if (!mine.has(e.getKey())) mine.set(e.getKey(), e.getValue().deepCopy());
            });
        });
        if (!doc.has("security")) doc.set("security", common.get("security").deepCopy());
    }

    /** Open routes get {@code security: []}; every other operation inherits the document's schemes and may answer 401. */
    private static void markSecurity(ObjectNode doc, Set<String> open) {
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            boolean isOpen = open.contains(path.getKey());
            path.getValue().fields().forEachRemaining(op -> {
                if (!(op.getValue() instanceof ObjectNode operation) || !op.getValue().has("responses")) return;
                if (isOpen) {
                    operation.set("security", Json.MAPPER.createArrayNode());
                } else {
                    operation.remove("security");
                    ObjectNode responses = (ObjectNode) operation.get("responses");
                    if (!responses.has("401")) responses.putObject("401").put("$ref", "#/components/responses/Unauthorized");
                }
            });
        }
    }

    private static String page(String title) {
        String safe = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>%s</title>
                  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
                  <link rel="stylesheet" href="/docs/swagger-ui.css">
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="/docs/swagger-ui-bundle.js"></script>
                  <script>
                    window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
                      validatorUrl: null, presets: [SwaggerUIBundle.presets.apis]});
                  </script>
                </body>
                </html>
                """.formatted(safe);
    }

    /** The webjar's version, from its Maven descriptor (so the pom pins it in one place). */
    static String swaggerUiVersion() {
        byte[] bytes = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
                .orElseThrow(() -> new IllegalStateException("org.webjars:swagger-ui is not on the class path"));
        Properties p = new Properties();
        try {
            p.load(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static ObjectNode read(String resource) {
        byte[] bytes = resource(resource.startsWith("/") ? resource.substring(1) : resource)
                .orElseThrow(() -> new IllegalStateException("OpenAPI document " + resource + " is not on the class path"));
        try {
            JsonNode node = Json.MAPPER.readTree(bytes);
            if (!(node instanceof ObjectNode doc) || !node.path("openapi").asText().startsWith("3.")) {
                throw new IllegalStateException(resource + " is not an OpenAPI 3 document");
            }
            if (!doc.has("paths")) doc.set("paths", Json.MAPPER.createObjectNode());
            return doc;
        } catch (IOException e) {
            throw new IllegalStateException(resource + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Optional<byte[]> resource(String name) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
