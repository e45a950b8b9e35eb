package casino.reporting;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.time.Duration;

/**
 * The reporting service's settings, from environment variables with defaults (the root README's table).
 *
 * @param topic         the wallet's event topic mirrored into Postgres
 * @param deadLetters   where records that cannot be read go, with the reason
 * @param batchRecords  most records written in one Postgres transaction
 * @param batchLinger   longest wait before a partial batch is written
 * @param retryMax      longest back-off between two attempts while Postgres or Kafka is down
 * @param dbSocketTimeout a statement without an answer for this long fails and is retried (0 = wait forever)
 */
public record ReportingSettings(int port, String topic, String deadLetters, int batchRecords, Duration batchLinger,
                                Duration retryMax, Duration dbSocketTimeout, Duration startTimeout) {
    public static final String REPORTING_PORT = "REPORTING_PORT";
    public static final String REPORTING_TOPIC = "REPORTING_TOPIC";
    public static final String REPORTING_DLQ_TOPIC = "REPORTING_DLQ_TOPIC";
    public static final String REPORTING_BATCH_RECORDS = "REPORTING_BATCH_RECORDS";
    public static final String REPORTING_BATCH_LINGER = "REPORTING_BATCH_LINGER";
    public static final String REPORTING_RETRY_MAX = "REPORTING_RETRY_MAX";
    public static final String REPORTING_DB_SOCKET_TIMEOUT = "REPORTING_DB_SOCKET_TIMEOUT";
    public static final String REPORTING_START_TIMEOUT = "REPORTING_START_TIMEOUT";

    public static ReportingSettings from(Config config) {
        int batch = config.integer(REPORTING_BATCH_RECORDS, 2000);
        if (batch < 1) throw new ConfigException(REPORTING_BATCH_RECORDS, "must be at least 1, got " + batch);
        return new ReportingSettings(
                config.integer(REPORTING_PORT, 8085),
                config.string(REPORTING_TOPIC, "wallet.events"),
                config.string(REPORTING_DLQ_TOPIC, "reporting.dlq"),
                batch,
                config.duration(REPORTING_BATCH_LINGER, Duration.ofMillis(200)),
                config.duration(REPORTING_RETRY_MAX, Duration.ofSeconds(5)),
                config.duration(REPORTING_DB_SOCKET_TIMEOUT, Duration.ofSeconds(30)),
                config.duration(REPORTING_START_TIMEOUT, Duration.ofSeconds(120)));
    }
}
