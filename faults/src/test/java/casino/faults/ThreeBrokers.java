package casino.faults;

import casino.infra.KafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One three-broker cluster (each broker its own JVM) shared by every test class of the module's JVM
 * ({@code @RegisterExtension static}): started on first use (a cluster start is most of the module's
 * time), stopped when the JVM exits. After each class every broker is running again (a class that
 * killed one started it). The directory (every broker's log, the services' state and logs) is removed
 * at exit unless a test failed or {@code -Dfaults.keepLogs=true}; then its path is printed.
 */
public final class ThreeBrokers implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private static Path dir;
    private static KafkaCluster cluster;
    private static volatile boolean keep = Boolean.getBoolean("faults.keepLogs");

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    private static synchronized void start() throws IOException {
        if (cluster != null) return;
        dir = Files.createTempDirectory("faults-");
        cluster = KafkaCluster.onFreePorts(3, dir.resolve("kafka"), Duration.ofSeconds(180));
        Runtime.getRuntime().addShutdownHook(new Thread(ThreeBrokers::stop, "faults-cluster-stop"));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        keep = true;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) keep = true;
        for (int id : cluster.nodeIds()) {
            Process p = cluster.process(id);
            if (p == null || !p.isAlive()) cluster.start(id, Duration.ofSeconds(120));
        }
    }

    private static void stop() {
        cluster.close();
        if (keep) {
            System.err.println("faults: kept the brokers' and services' logs in " + dir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            System.err.println("faults: could not remove " + dir + ": " + e);
        }
    }

    public KafkaCluster cluster() {
        return cluster;
    }

    /** A directory for one test's services (state, logs). */
    public Path dir(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }
}
