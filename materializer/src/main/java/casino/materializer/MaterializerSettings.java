package casino.materializer;

import casino.common.config.Config;
import java.time.Duration;

/** The materializer's own settings (environment variables, with defaults); see the module README. */
public record MaterializerSettings(String sourceTopic, int port, String advertisedHost, String applicationId, Duration peerTimeout,
                                   Duration startupTimeout, Duration streamInterval, Duration cacheTtl, Duration commitInterval) {
    public static final String SOURCE_TOPIC = "MATERIALIZER_SOURCE_TOPIC";
    public static final String PORT = "MATERIALIZER_PORT";
    public static final String ADVERTISED_HOST = "MATERIALIZER_ADVERTISED_HOST";
    public static final String APPLICATION_ID = "MATERIALIZER_APPLICATION_ID";
    public static final String PEER_TIMEOUT = "MATERIALIZER_PEER_TIMEOUT";
    public static final String STARTUP_TIMEOUT = "MATERIALIZER_STARTUP_TIMEOUT";
    public static final String STREAM_INTERVAL = "MATERIALIZER_STREAM_INTERVAL";
    public static final String CACHE_TTL = "MATERIALIZER_CACHE_TTL";
    public static final String COMMIT_INTERVAL = "MATERIALIZER_COMMIT_INTERVAL";

    public static MaterializerSettings from(Config config) {
        return new MaterializerSettings(
                config.string(SOURCE_TOPIC, casino.common.kafka.Topics.CASINO_EVENTS_ENRICHED.name()),
                config.integer(PORT, 8081),
                config.string(ADVERTISED_HOST, "localhost"),
                config.string(APPLICATION_ID, "casino-materializer"),
                config.duration(PEER_TIMEOUT, Duration.ofSeconds(2)),
                config.duration(STARTUP_TIMEOUT, Duration.ofSeconds(120)),
                config.duration(STREAM_INTERVAL, Duration.ofSeconds(1)),
                config.duration(CACHE_TTL, Duration.ofMillis(100)),
                config.duration(COMMIT_INTERVAL, Duration.ofMillis(100)));
    }
}
