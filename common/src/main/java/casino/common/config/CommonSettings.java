package casino.common.config;

/** Names and defaults of the settings every service reads (documented in the README's table). */
public final class CommonSettings {
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String TOPIC_PARTITIONS = "TOPIC_PARTITIONS";
    public static final int DEFAULT_PARTITIONS = 6;
    public static final String TOPIC_REPLICATION_FACTOR = "TOPIC_REPLICATION_FACTOR";
    public static final String STATE_DIR = "STATE_DIR";
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://localhost:5432/postgres";
    public static final String DATABASE_USER = "DATABASE_USER";
    public static final String DATABASE_PASSWORD = "DATABASE_PASSWORD";
    public static final String DATABASE_POOL_SIZE = "DATABASE_POOL_SIZE";
    /** How long a Streams client may rebalance before {@code /ready} says 503. */
    public static final String READINESS_REBALANCE_BOUND = "READINESS_REBALANCE_BOUND";
    /** How long a Streams service with lag may commit nothing before {@code /ready} says 503. */
    public static final String READINESS_PROGRESS_BOUND = "READINESS_PROGRESS_BOUND";

    private CommonSettings() {}

    public static String bootstrapServers(Config config) {
        return config.string(KAFKA_BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP);
    }
}
