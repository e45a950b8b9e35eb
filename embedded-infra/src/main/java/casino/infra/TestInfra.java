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

/**
 * The shared fixture of integration tests: one in-process Kafka broker and one embedded Postgres
 * (migrated) per test JVM, started on first use and stopped when the JVM exits.
 */
public final class TestInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedDatabase database;
    private static HikariDataSource dataSource;

    private TestInfra() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.onFreePorts();
            stopAtExit("test-kafka-stop", kafka);
        }
        return kafka;
    }

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(0, null);
            stopAtExit("test-postgres-stop", database);
            dataSource = Database.pool(Config.of(database.settings()), "test");
            Database.migrate(dataSource);
        }
        return database;
    }

    private static void stopAtExit(String name, AutoCloseable part) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                part.close();
            } catch (Throwable e) {
                System.err.println(name + ": " + e); // the JVM is exiting: nothing else to do
            }
        }, name));
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
