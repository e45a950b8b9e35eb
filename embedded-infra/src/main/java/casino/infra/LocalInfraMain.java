package casino.infra;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.kafka.TopicAdmin;
import casino.common.kafka.Topics;
import casino.common.lifecycle.Shutdown;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure of {@code make run}: the in-process Kafka broker on fixed ports and, unless
 * DATABASE_URL points elsewhere, an embedded Postgres; creates the casino topics and applies the
 * migrations, then writes the settings the services need to INFRA_READY_FILE and runs until
 * SIGTERM. Every run starts from empty state (its data directories are wiped). Postgres runs as a
 * child process with its data in RUN_DIR/postgres-data: if this JVM is killed with -9, bin/run-local
 * stops that server by its postmaster.pid.
 */
public final class LocalInfraMain {
    private static final Logger log = LoggerFactory.getLogger(LocalInfraMain.class);

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv();
        Shutdown shutdown = Shutdown.install("embedded-infra");
        Path runDir = Path.of(config.string("RUN_DIR", ".run"));
        deleteRecursively(runDir.resolve("kafka"));
        deleteRecursively(runDir.resolve("postgres-data")); // bin/run-local stopped any server left on it

        int kafkaPort = config.integer("KAFKA_PORT", 9092);
        EmbeddedKafka kafka = shutdown.register(EmbeddedKafka.onPorts(kafkaPort,
                config.integer("KAFKA_CONTROLLER_PORT", 9093), runDir.resolve("kafka"),
                config.string("KAFKA_ADVERTISED_HOST", "localhost")));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());

        if (config.optional(CommonSettings.DATABASE_URL).isEmpty()) {
            EmbeddedDatabase db = shutdown.register(EmbeddedDatabase.start(config.integer("POSTGRES_PORT", 5432),
                    runDir.resolve("postgres").toAbsolutePath(), runDir.resolve("postgres-data").toAbsolutePath()));
            settings.putAll(db.settings());
        }
        Config effective = config.with(settings);
        try (HikariDataSource ds = Database.pool(effective, "migrations")) {
            Database.migrate(ds);
        }
        TopicAdmin.ensure(effective, Topics.CASINO, Duration.ofSeconds(60));

        String ready = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        String readyFile = config.string("INFRA_READY_FILE", runDir.resolve("infra.env").toString());
        Files.writeString(Path.of(readyFile), ready);
        log.info("local infrastructure ready: kafka {}, database {}", kafka.bootstrapServers(),
                effective.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL));
        shutdown.await();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
