package casino.infra;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.utils.Exit;
import org.slf4j.LoggerFactory;

/**
 * The shared fixture of integration tests: one in-process Kafka broker and one embedded Postgres
 * (migrated) per test JVM, started on first use and stopped after the last test of the JVM.
 */
public final class TestInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedDatabase database;
    private static HikariDataSource dataSource;

    private TestInfra() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            // a broker inside a test JVM must never end that JVM (the build would fail after green tests)
            Exit.setExitProcedure((code, message) -> reportExit("exit", code, message));
            Exit.setHaltProcedure((code, message) -> reportExit("halt", code, message));
            kafka = EmbeddedKafka.onFreePorts();
            stopAtExitIfStillRunning();
        }
        return kafka;
    }

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(0, null);
            stopAtExitIfStillRunning();
            dataSource = Database.pool(Config.of(database.settings()), "test");
            Database.migrate(dataSource);
        }
        return database;
    }

    /**
     * Stops Postgres and the broker. {@link TestInfraSessionListener} calls it once all tests of the
     * JVM have run, so nothing is left to stop while the JVM exits; idempotent.
     */
    public static synchronized void stopAll() {
        if (kafka != null || database != null) LoggerFactory.getLogger(TestInfra.class).info("stopping the test broker and Postgres");
        closeQuietly(dataSource);
        closeQuietly(database);
        closeQuietly(kafka);
        dataSource = null;
        database = null;
        kafka = null;
    }

    private static boolean hookInstalled;

    /** The fallback where no JUnit launcher session ends (a plain main, say). */
    private static void stopAtExitIfStillRunning() {
        if (!hookInstalled) {
            hookInstalled = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::stopAll, "test-infra-stop"));
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        if (part == null) return;
        try {
            part.close();
        } catch (Throwable e) {
            System.err.println("test infrastructure: error stopping " + part + ": " + e);
        }
    }

    private static void reportExit(String kind, int code, String message) {
        new IllegalStateException("Kafka asked to " + kind + " the test JVM with code " + code + ": " + message)
                .printStackTrace();
    }

    /** A pool on the migrated test database. */
    public static synchronized HikariDataSource dataSource() {
        database();
        return dataSource;
    }

    /** Configuration pointing at the test broker (and the test database if it was started). */
    public static synchronized Config config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, kafka().bootstrapServers());
        if (database != null) values.putAll(database.settings());
        values.putAll(extra);
        return Config.of(values);
    }

    public static Config config() {
        return config(Map.of());
    }

    /** Creates the topics (if absent) and waits until every partition has a leader. */
    public static void createTopics(Collection<? extends Topic<?, ?>> topics) {
        TopicAdmin.ensure(config(), topics, Duration.ofSeconds(60));
    }
}
