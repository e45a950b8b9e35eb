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

/**
 * One three-broker cluster (each broker its own JVM) for a whole test class ({@code @RegisterExtension
 * static}); its directory (logs of every broker, the services' state and logs) is removed afterwards
 * unless the class failed, then its path is printed.
 */
public final class ThreeBrokers implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private KafkaCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("faults-" + context.getRequiredTestClass().getSimpleName());
        cluster = KafkaCluster.onFreePorts(3, dir.resolve("kafka"), Duration.ofSeconds(180));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (cluster != null) cluster.close();
        if (context.getExecutionException().isPresent()) {
            System.err.println("faults: kept the brokers' and services' logs in " + dir);
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
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
