package casino.faults;

import casino.common.config.CommonSettings;
import casino.infra.ChildJvm;
import casino.wallet.WalletMain;
import casino.wallet.WalletSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * WalletMain in its own JVM ({@link ChildJvm}, as the wallet's own WalletProcess does) on the three
 * brokers, with every topic replicated 3 times (min ISR 2); a plain HTTP client for it.
 */
public final class WalletChild implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final int port;
    private final Map<String, String> env;

    private final Path dir;

    private WalletChild(Process process, int port, Map<String, String> env, Path dir) {
        this.process = process;
        this.port = port;
        this.env = env;
        this.dir = dir;
    }

    public static WalletChild start(String bootstrapServers, Path dir, int partitions) {
        return start(env(bootstrapServers, partitions), dir, ChildJvm.freePort());
    }

    /** The settings of a new wallet application (its own topics and group) on the three brokers, replicated 3/2. */
    public static Map<String, String> env(String bootstrapServers, int partitions) {
        String unique = "faults-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put(WalletSettings.WALLET_APPLICATION_ID, "wallet-" + unique);
        env.put(WalletSettings.WALLET_TOPIC_PREFIX, unique + ".");
        env.put(WalletSettings.WALLET_CASINO_TOPIC, unique + ".casino.events.enriched");
        env.put(CommonSettings.TOPIC_PARTITIONS, Integer.toString(partitions));
        env.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        env.put(CommonSettings.TOPIC_REPLICATION, "3");
        env.put(CommonSettings.TOPIC_REPLICATION_FACTOR, "3"); // the wallet's fx-rates topic still reads the old name
        env.put(CommonSettings.TOPIC_MIN_ISR, "2");
        env.put("SERVICE_NAME", "wallet-faults");
        return env;
    }

    /** An instance of the application in {@code base}: its state in {@code dir/state}, its output appended to {@code dir/wallet.log}. */
    public static WalletChild start(Map<String, String> base, Path dir, int port) {
        Map<String, String> env = new HashMap<>(base);
        env.put(WalletSettings.WALLET_PORT, Integer.toString(port));
        env.put(CommonSettings.STATE_DIR, dir.resolve("state").toString());
        Path log = dir.resolve("wallet.log");
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Process process = ChildJvm.start(WalletMain.class, List.of("-Xmx256m"), env, log);
        ChildJvm.awaitReady(process, port, log, Duration.ofSeconds(180));
        return new WalletChild(process, port, env, dir);
    }

    /** The same instance again (settings, port, state directory, log) with {@code overrides}, once this one is gone. */
    public WalletChild restart(Map<String, String> overrides) {
        Map<String, String> next = new HashMap<>(env);
        next.putAll(overrides);
        return start(next, dir, port);
    }

    /** kill -9 of the instance's JVM. */
    public void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    public Path log() {
        return dir.resolve("wallet.log");
    }

    public int port() {
        return port;
    }

    public String applicationId() {
        return env.get(WalletSettings.WALLET_APPLICATION_ID);
    }

    public String topic(String name) {
        return env.get(WalletSettings.WALLET_TOPIC_PREFIX) + name;
    }

    public Process process() {
        return process;
    }

    public record Response(int status, String body) {}

    /** {@code POST path} with a JSON body; status -1 when the request failed or timed out. */
    public Response post(String path, String json, Duration timeout) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Response get(String path) {
        return get(port, path);
    }

    /** {@code GET path} of the wallet on {@code port} (this JVM's or a child's); status -1 when it failed. */
    public static Response get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30))
                .GET().build());
    }

    public Response deposit(String wallet, long cents, String fingerprint, Duration timeout) {
        String amount = java.math.BigDecimal.valueOf(cents, 2).toPlainString();
        return post("/deposit", "{\"WalletID\": \"" + wallet + "\", \"Amount\": " + amount + ", \"Fingerprint\": \""
                + fingerprint + "\"}", timeout);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) ChildJvm.kill(process);
        }
    }
}
