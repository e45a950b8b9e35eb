package casino.common.config;

/** Names and defaults of the settings every service reads (documented in the README's table). */
public final class CommonSettings {
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String DEFAULT_BOOTSTRAP = "localhost:9092";
    public static final String TOPIC_PARTITIONS = "TOPIC_PARTITIONS";
    public static final int DEFAULT_PARTITIONS = 6;
    /** Replication factor of every topic the suite creates and of the Streams internal topics (default 1). */
    public static final String TOPIC_REPLICATION = "TOPIC_REPLICATION";
    /** The former name of {@link #TOPIC_REPLICATION}, still read when TOPIC_REPLICATION is not set. */
    public static final String TOPIC_REPLICATION_FACTOR = "TOPIC_REPLICATION_FACTOR";
    /** {@code min.insync.replicas} of those topics (default: replication - 1, at least 1: 1 for 1 or 2 replicas, 2 for 3). */
    public static final String TOPIC_MIN_ISR = "TOPIC_MIN_ISR";
    public static final String STATE_DIR = "STATE_DIR";
    /**
     * {@code group.instance.id} of a Streams service (static membership); default: the host name and the
     * advertised endpoint, or the state directory ({@link casino.common.kafka.Membership}).
     */
    public static final String GROUP_INSTANCE_ID = "GROUP_INSTANCE_ID";
    /** {@code num.standby.replicas} of every Streams service (default 1). */
    public static final String STANDBY_REPLICAS = "STANDBY_REPLICAS";
    public static final int DEFAULT_STANDBY_REPLICAS = 1;
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

    /** STANDBY_REPLICAS, default {@value #DEFAULT_STANDBY_REPLICAS}; at least 0. */
    public static int standbyReplicas(Config config) {
        int standbys = config.integer(STANDBY_REPLICAS, DEFAULT_STANDBY_REPLICAS);
        if (standbys < 0) throw new ConfigException(STANDBY_REPLICAS, "must be 0 or more, got " + standbys);
        return standbys;
    }

    /** TOPIC_REPLICATION, else its alias TOPIC_REPLICATION_FACTOR, else 1; at least 1. */
    public static short topicReplication(Config config) {
        int replication = config.optional(TOPIC_REPLICATION).isPresent()
                ? config.integer(TOPIC_REPLICATION, 1)
                : config.integer(TOPIC_REPLICATION_FACTOR, 1);
        if (replication < 1 || replication > Short.MAX_VALUE) {
            throw new ConfigException(TOPIC_REPLICATION, "must be at least 1, got " + replication);
        }
        return (short) replication;
    }

    /** TOPIC_MIN_ISR, by default replication - 1 (at least 1); between 1 and the replication factor. */
    public static int topicMinIsr(Config config) {
        short replication = topicReplication(config);
        int minIsr = config.integer(TOPIC_MIN_ISR, Math.max(1, replication - 1));
        if (minIsr < 1 || minIsr > replication) {
            throw new ConfigException(TOPIC_MIN_ISR, "must be between 1 and " + TOPIC_REPLICATION + " (" + replication
                    + "), got " + minIsr);
        }
        return minIsr;
    }
}
