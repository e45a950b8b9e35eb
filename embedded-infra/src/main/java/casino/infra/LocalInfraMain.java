package casino.infra;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.config.ConfigException;
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
 * The infrastructure of {@code make run}: the in-process Kafka broker on fixed ports (or, with
 * RUN_BROKERS=3, a three-node cluster of broker JVMs on 9092/9094/9096, see {@link KafkaCluster}) and, unless
 * DATABASE_URL points elsewhere, an embedded Postgres; creates the casino topics and applies the
 * migrations, then writes the settings the services need to INFRA_READY_FILE and runs until
 * SIGTERM. Every run starts from empty state (its data directories are wiped). Postgres runs as a
 * child process with its data in RUN_DIR/postgres-data: if this JVM is killed with -9, bin/run-local
 * stops that server by its postmaster.pid.
 */
public final class LocalInfraMain {
    private static final Logger log = LoggerFactory.getLogger(LocalInfraMain.class);
    /** How many brokers the local run starts: 1 (in this JVM, as before) or more (each its own JVM). */
    public static final String RUN_BROKERS = "RUN_BROKERS";

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv();
        Shutdown shutdown = Shutdown.install("embedded-infra");
        Path runDir = Path.of(config.string("RUN_DIR", ".run"));
        deleteRecursively(runDir.resolve("kafka"));
        deleteRecursively(runDir.resolve("postgres-data")); // bin/run-local stopped any server left on it

        int kafkaPort = config.integer("KAFKA_PORT", 9092);
        int controllerPort = config.integer("KAFKA_CONTROLLER_PORT", 9093);
        String host = config.string("KAFKA_ADVERTISED_HOST", "localhost");
        int brokers = config.integer(RUN_BROKERS, 1);
        if (brokers < 1) throw new ConfigException(RUN_BROKERS, "must be at least 1, got " + brokers);
        String bootstrap;
        if (brokers == 1) {
            bootstrap = shutdown.register(EmbeddedKafka.onPorts(kafkaPort, controllerPort, runDir.resolve("kafka"), host))
                    .bootstrapServers();
        } else {
            // each broker its own JVM (kill -9 of one is real), restarted on its own log directory when it dies
            KafkaCluster cluster = shutdown.register(KafkaCluster.onPorts(brokers, kafkaPort, controllerPort,
                    runDir.resolve("kafka"), host, Duration.ofSeconds(180)));
            cluster.restartOnExit();
            bootstrap = cluster.bootstrapServers();
            for (int id : cluster.nodeIds()) log.info("broker {}: pid {}, log {}", id, cluster.process(id).pid(), cluster.log(id));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
        settings.putAll(replication(config, brokers));

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
        log.info("local infrastructure ready: kafka {} ({} broker(s)), database {}", bootstrap, brokers,
                effective.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL));
        shutdown.await();
    }

    /**
     * TOPIC_REPLICATION / TOPIC_MIN_ISR for the services: as configured, else 1/1 on one broker and
     * min(3, brokers)/one less with more (the old name TOPIC_REPLICATION_FACTOR is written too, for
     * code that still reads it).
     */
    static Map<String, String> replication(Config config, int brokers) {
        int defaultReplication = Math.min(3, brokers);
        Config withDefaults = Config.of(Map.of(CommonSettings.TOPIC_REPLICATION, Integer.toString(defaultReplication)))
                .with(config.optional(CommonSettings.TOPIC_REPLICATION).or(() -> config.optional(CommonSettings.TOPIC_REPLICATION_FACTOR))
                        .map(r -> Map.of(CommonSettings.TOPIC_REPLICATION, r)).orElse(Map.of()))
                .with(config.optional(CommonSettings.TOPIC_MIN_ISR).map(m -> Map.of(CommonSettings.TOPIC_MIN_ISR, m)).orElse(Map.of()));
        short replication = CommonSettings.topicReplication(withDefaults);
        if (replication > brokers) {
            throw new ConfigException(CommonSettings.TOPIC_REPLICATION, "is " + replication + " but the run has " + brokers
                    + " broker(s) (" + RUN_BROKERS + "): at most " + brokers);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(CommonSettings.TOPIC_REPLICATION, Short.toString(replication));
        settings.put(CommonSettings.TOPIC_REPLICATION_FACTOR, Short.toString(replication));
        settings.put(CommonSettings.TOPIC_MIN_ISR, Integer.toString(CommonSettings.topicMinIsr(withDefaults)));
        return settings;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
