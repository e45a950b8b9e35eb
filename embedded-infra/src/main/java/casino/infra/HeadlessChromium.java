package casino.infra;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven over the DevTools protocol with the JDK's WebSocket client:
 * opens one page and evaluates JavaScript in it. Chromium must be installed ({@code apt-get install chromium};
 * {@code CHROMIUM} names another binary). A test fixture (browser tests of the materializer's page and of {@code /docs}).
 */
public final class HeadlessChromium implements AutoCloseable {
    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The Chromium binary: {@code CHROMIUM}, else /usr/bin/chromium. */
    public static String binary() {
        return System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    }

    /** Whether {@link #binary} is installed (for a test that states its assumption). */
    public static boolean installed() {
        return Files.isExecutable(Path.of(binary()));
    }

    /** Opens {@code url} in a new headless Chromium whose profile is the new directory {@code profile}. */
    public static HeadlessChromium open(String url, Path profile) throws Exception {
        String binary = binary();
        if (!installed()) {
            throw new AssertionError("no Chromium at " + binary + ": install Debian's chromium (apt-get install -y chromium)"
                    + " or set CHROMIUM");
        }
        Process p = new ProcessBuilder(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-allow-origins=*", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", url))
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Instant deadline = Instant.now().plusSeconds(60);
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (Instant.now().isAfter(deadline) || !p.isAlive()) throw new AssertionError("Chromium did not start");
                Thread.sleep(100); // poll for the DevTools port file, bounded by the deadline
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            while (pageSocket == null) {
                JsonNode targets = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) pageSocket = t.get("webSocketDebuggerUrl").asText();
                }
                if (pageSocket == null) {
                    if (Instant.now().isAfter(deadline)) throw new AssertionError("no page target in Chromium");
                    Thread.sleep(100); // the page target appears shortly after start
                }
            }
            HeadlessChromium[] self = new HeadlessChromium[1];
            StringBuilder partial = new StringBuilder();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        self[0].receive(partial.toString());
                        partial.setLength(0);
                    }
                    w.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(p, ws);
            return self[0];
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private void receive(String message) {
        try {
            JsonNode m = Json.MAPPER.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) f.complete(m);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The value of a JavaScript expression in the page, as JSON. */
    public JsonNode evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        socket.sendText(Json.write(Map.of("id", id, "method", "Runtime.evaluate",
                "params", Map.of("expression", expression, "returnByValue", true))), true).get(10, TimeUnit.SECONDS);
        JsonNode result = answer.get(30, TimeUnit.SECONDS);
        if (result.has("error") || result.path("result").has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + " failed: " + result);
        }
        return result.path("result").path("result").path("value");
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        // its helpers (zygote, renderer, crash handler) too, each waited for: one still writing to the
        // profile after the browser exits makes the caller's temporary directory undeletable
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
            try {
                helper.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException stillThere) {
                // reported by the caller's clean-up, if it matters
            }
        }
    }

    public static Duration deadline() {
        return Duration.ofSeconds(90);
    }
}
