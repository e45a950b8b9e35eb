package casino.infra;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test of a service's {@code /openapi.json} against the routes its server really registered
 * ({@code HttpServer#routes()}, "METHOD /path/{param}"): every registered route is documented and
 * every documented operation is registered, path parameters are declared, every {@code $ref}
 * resolves, JSON bodies have schemas, the bearer and X-API-Key schemes are declared, no schema is a
 * binary float, and {@code /docs} serves the Swagger UI page. It reads the document over HTTP, as a
 * client does. Known gap: it checks the document's shape, not that answers match their schemas.
 */
public final class OpenApiContract {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private OpenApiContract() {}

    /** Asserts the contract above for the server on {@code port} with these registered {@code routes}; answers the document. */
    public static JsonNode assertDescribesExactly(int port, Collection<String> routes) {
        JsonNode doc = parse(get(port, "/openapi.json", "application/json"));
        check(doc.path("openapi").asText().startsWith("3."), "not an OpenAPI 3 document: openapi=" + doc.path("openapi"));
        check(!doc.at("/info/title").asText().isBlank(), "info.title is empty");
        Set<String> registered = registered(routes);
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) continue;
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                documented.add(name);
                checkOperation(doc, name, path.getKey(), path.getValue(), op.getValue());
            }
        }
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> unregistered = new TreeSet<>(documented);
        unregistered.removeAll(registered);
        check(undocumented.isEmpty() && unregistered.isEmpty(), "/openapi.json and the registered routes differ: registered but"
                + " not documented " + undocumented + "; documented but not registered " + unregistered);
        checkRefs(doc, doc, "#");
        checkSecuritySchemes(doc);
        checkNoBinaryFloats(doc, "#");
        String page = get(port, "/docs", "text/html");
        check(page.contains("/docs/swagger-ui-bundle.js") && page.contains("/openapi.json"), "/docs is not the Swagger UI page: " + page);
        return doc;
    }

    /** The registered routes as "METHOD /path/{param}" (HTTP methods only; Javalin's {@code <p>} written {@code {p}}). */
    static Set<String> registered(Collection<String> routes) {
        Set<String> out = new TreeSet<>();
        for (String route : routes) {
            String[] parts = route.split(" ", 2);
            if (parts.length < 2 || !METHODS.contains(parts[0].toLowerCase(Locale.ROOT))) continue; // before/after filters
            String path = parts[1].replaceAll("<([^>]+)>", "{$1}");
            if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
            out.add(parts[0].toUpperCase(Locale.ROOT) + " " + path);
        }
        return out;
    }

    private static void checkOperation(JsonNode doc, String name, String path, JsonNode item, JsonNode op) {
        check(op.path("responses").size() > 0, name + " has no responses");
        Set<String> declared = new TreeSet<>();
        for (JsonNode params : List.of(item.path("parameters"), op.path("parameters"))) {
            for (JsonNode p : params) {
                JsonNode param = resolve(doc, p);
                if ("path".equals(param.path("in").asText())) {
                    check(param.path("required").asBoolean(), name + ": path parameter " + param.path("name") + " is not required");
                    declared.add(param.path("name").asText());
                }
            }
        }
        Set<String> inTemplate = new TreeSet<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) inTemplate.add(m.group(1));
        check(inTemplate.equals(declared), name + ": the template's parameters " + inTemplate + " but declared " + declared);
        List<JsonNode> contents = new ArrayList<>();
        contents.add(resolve(doc, op.path("requestBody")).path("content"));
        op.path("responses").forEach(r -> contents.add(resolve(doc, r).path("content")));
        for (JsonNode content : contents) {
            content.fields().forEachRemaining(media -> check(!media.getKey().contains("json") || media.getValue().has("schema"),
                    name + ": a " + media.getKey() + " body without a schema"));
        }
    }

    private static void checkSecuritySchemes(JsonNode doc) {
        boolean bearer = false;
        boolean apiKey = false;
        for (JsonNode s : doc.at("/components/securitySchemes")) {
            bearer |= "http".equals(s.path("type").asText()) && "bearer".equalsIgnoreCase(s.path("scheme").asText());
            apiKey |= "apiKey".equals(s.path("type").asText()) && "header".equals(s.path("in").asText())
                    && "X-API-Key".equalsIgnoreCase(s.path("name").asText());
        }
        check(bearer && apiKey, "securitySchemes lack the bearer or the X-API-Key header scheme: " + doc.at("/components/securitySchemes"));
        check(doc.path("security").size() > 0, "no document-wide security requirement: protected routes would look open");
    }

    private static void checkRefs(JsonNode doc, JsonNode node, String where) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) check(ref.asText().startsWith("#/") && !doc.at(ref.asText().substring(1)).isMissingNode(),
                    "dangling $ref " + ref + " at " + where);
            node.fields().forEachRemaining(e -> checkRefs(doc, e.getValue(), where + "/" + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkRefs(doc, node.get(i), where + "/" + i);
        }
    }

    /** Money is never a binary float: no schema says format float or double. */
    private static void checkNoBinaryFloats(JsonNode node, String where) {
        if (node.isObject()) {
            String format = node.path("format").asText();
            check(!("number".equals(node.path("type").asText()) && (format.equals("float") || format.equals("double"))),
                    "a binary float at " + where + ": use a decimal string, an integer of minor units or an exact number");
            node.fields().forEachRemaining(e -> checkNoBinaryFloats(e.getValue(), where + "/" + e.getKey()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkNoBinaryFloats(node.get(i), where + "/" + i);
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.startsWith("#/") ? doc.at(ref.substring(1)) : node;
    }

    private static String get(int port, String path, String type) {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            check(r.statusCode() == 200, "GET " + path + " answered " + r.statusCode() + ": " + r.body());
            check(r.headers().firstValue("Content-Type").orElse("").startsWith(type), "GET " + path + " is not " + type);
            return r.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("/openapi.json is not JSON: " + e.getMessage(), e);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) throw new AssertionError(message);
    }
}
