package casino.enricher;

import casino.common.config.Config;
import java.time.Duration;

/**
 * The enricher's own settings, from environment variables with defaults (the module README's
 * table); the shared ones (Kafka, Postgres, state directory) stay in {@link Config} and
 * {@code CommonSettings}. A malformed value fails here, at start-up, naming the variable.
 */
public record EnricherSettings(int port, int threads, int batchSize, Duration batchLinger, int producerBatchSize,
                               String fxApiUrl, Duration fxCacheTtl, Duration fxMaxStaleness, Duration fxTimeout,
                               Duration fxStartWait, Duration databaseTimeout, Duration topicTimeout, Duration startTimeout) {
    public static final String PORT = "ENRICHER_PORT";
    public static final int DEFAULT_PORT = 8083;
    public static final String THREADS = "ENRICHER_THREADS";
    public static final String BATCH_SIZE = "ENRICHER_BATCH_SIZE";
    public static final String BATCH_LINGER = "ENRICHER_BATCH_LINGER";
    public static final String PRODUCER_BATCH_SIZE = "ENRICHER_PRODUCER_BATCH_SIZE";
    public static final String FX_API_URL = "FX_API_URL";
    public static final String DEFAULT_FX_API_URL = "http://localhost:8082/latest";
    public static final String FX_CACHE_TTL = "FX_CACHE_TTL";
    public static final String FX_MAX_STALENESS = "FX_MAX_STALENESS";
    public static final String FX_TIMEOUT = "FX_TIMEOUT";
    public static final String FX_START_WAIT = "ENRICHER_FX_START_WAIT";
    public static final String DATABASE_TIMEOUT = "ENRICHER_DATABASE_TIMEOUT";
    public static final String TOPIC_TIMEOUT = "ENRICHER_TOPIC_TIMEOUT";
    public static final String START_TIMEOUT = "ENRICHER_START_TIMEOUT";

    public static EnricherSettings from(Config config) {
        return new EnricherSettings(
                config.integer(PORT, DEFAULT_PORT),
                config.integer(THREADS, 2),
                config.integer(BATCH_SIZE, 500),
                config.duration(BATCH_LINGER, Duration.ofMillis(20)),
                config.integer(PRODUCER_BATCH_SIZE, 131_072),
                config.string(FX_API_URL, DEFAULT_FX_API_URL),
                config.duration(FX_CACHE_TTL, Duration.ofSeconds(60)),
                config.duration(FX_MAX_STALENESS, Duration.ofMinutes(5)),
                config.duration(FX_TIMEOUT, Duration.ofSeconds(5)),
                config.duration(FX_START_WAIT, Duration.ofSeconds(10)),
                // fail a lookup fast when Postgres is down: the event is held and retried, not stuck in a transaction
                config.duration(DATABASE_TIMEOUT, Duration.ofSeconds(2)),
                config.duration(TOPIC_TIMEOUT, Duration.ofSeconds(60)),
                config.duration(START_TIMEOUT, Duration.ofSeconds(120)));
    }
}
