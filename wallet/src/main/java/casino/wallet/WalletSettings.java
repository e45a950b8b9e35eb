package casino.wallet;

import casino.wallet.topics.WalletTopics;
import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.kafka.Topics;
import casino.wallet.ledger.LedgerRules;
import casino.wallet.ledger.ThresholdRule;
import java.math.BigDecimal;
import java.time.Duration;

/** The wallet's settings, from environment variables with defaults (the README's table). */
public record WalletSettings(int port, String advertisedHost, String applicationId, WalletTopics topics,
                             LedgerRules rules, Duration depositWait, Duration pollWait, Duration commitInterval, int streamThreads,
                             Duration requestRetention, Duration startTimeout, Duration sessionTimeout, int batchMax, int queueMax) {
    public static final String WALLET_PORT = "WALLET_PORT";
    public static final String WALLET_ADVERTISED_HOST = "WALLET_ADVERTISED_HOST";
    public static final String WALLET_APPLICATION_ID = "WALLET_APPLICATION_ID";
    public static final String WALLET_TOPIC_PREFIX = "WALLET_TOPIC_PREFIX";
    public static final String WALLET_CASINO_TOPIC = "WALLET_CASINO_TOPIC";
    public static final String WALLET_THRESHOLD_LIMIT = "WALLET_THRESHOLD_LIMIT";
    public static final String WALLET_THRESHOLD_WINDOW = "WALLET_THRESHOLD_WINDOW";
    public static final String WALLET_THRESHOLD_GRACE = "WALLET_THRESHOLD_GRACE";
    public static final String WALLET_WIN_PAYOUT_MULTIPLIER = "WALLET_WIN_PAYOUT_MULTIPLIER";
    public static final String WALLET_DEPOSIT_WAIT = "WALLET_DEPOSIT_WAIT";
    public static final String WALLET_POLL_WAIT = "WALLET_POLL_WAIT";
    public static final String WALLET_COMMIT_INTERVAL = "WALLET_COMMIT_INTERVAL";
    public static final String WALLET_STREAM_THREADS = "WALLET_STREAM_THREADS";
    public static final String WALLET_REQUEST_RETENTION = "WALLET_REQUEST_RETENTION";
    public static final String WALLET_START_TIMEOUT = "WALLET_START_TIMEOUT";
    public static final String WALLET_SESSION_TIMEOUT = "WALLET_SESSION_TIMEOUT";
    public static final String WALLET_BATCH_MAX = "WALLET_BATCH_MAX";
    /** Commands waiting at the edge for their partition's send, in all; one more is answered 503 overloaded. */
    public static final String WALLET_QUEUE_MAX = "WALLET_QUEUE_MAX";
    public static final String CURRENCY = LedgerRules.CORE_CURRENCY;
    private static final int SCALE = LedgerRules.CORE_SCALE;

    public static WalletSettings from(Config config) {
        String limitText = config.string(WALLET_THRESHOLD_LIMIT, "10000");
        long limitMinor;
        try {
            limitMinor = new BigDecimal(limitText).setScale(SCALE).unscaledValue().longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new ConfigException(WALLET_THRESHOLD_LIMIT, "must be an amount in EUR with at most 2 decimals, got '" + limitText + "'");
        }
        ThresholdRule threshold = new ThresholdRule(
                config.duration(WALLET_THRESHOLD_WINDOW, Duration.ofSeconds(120)), limitMinor,
                config.duration(WALLET_THRESHOLD_GRACE, Duration.ofMinutes(10)));
        return new WalletSettings(
                config.integer(WALLET_PORT, 8080),
                config.string(WALLET_ADVERTISED_HOST, "localhost"),
                config.string(WALLET_APPLICATION_ID, "casino-wallet"),
                WalletTopics.withPrefix(config.string(WALLET_TOPIC_PREFIX, ""),
                        config.string(WALLET_CASINO_TOPIC, Topics.CASINO_EVENTS_ENRICHED.name())),
                new LedgerRules(CURRENCY, threshold, config.longValue(WALLET_WIN_PAYOUT_MULTIPLIER, 2)),
                config.duration(WALLET_DEPOSIT_WAIT, Duration.ofSeconds(5)),
                config.duration(WALLET_POLL_WAIT, Duration.ofSeconds(5)),
                config.duration(WALLET_COMMIT_INTERVAL, Duration.ofMillis(10)),
                config.integer(WALLET_STREAM_THREADS, 1),
                config.duration(WALLET_REQUEST_RETENTION, Duration.ofMinutes(10)),
                config.duration(WALLET_START_TIMEOUT, Duration.ofSeconds(120)),
                config.duration(WALLET_SESSION_TIMEOUT, Duration.ofSeconds(45)),
                config.integer(WALLET_BATCH_MAX, 256),
                queueMax(config));
    }

    private static int queueMax(Config config) {
        int max = config.integer(WALLET_QUEUE_MAX, casino.wallet.api.CommandSender.DEFAULT_QUEUE_MAX);
        if (max < 1) throw new ConfigException(WALLET_QUEUE_MAX, "must be at least 1, got " + max);
        return max;
    }
}
