package casino.enricher;

import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.StreamsService;
import casino.common.kafka.TopicAdmin;
import casino.enricher.currency.FxClient;
import casino.enricher.currency.RateCache;
import casino.enricher.pipeline.EnricherStats;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EnricherTopology;
import casino.enricher.pipeline.Enrichment;
import casino.enricher.pipeline.EventPrinter;
import casino.enricher.player.PlayerLookup;
import casino.enricher.player.PollLookupInterceptor;
import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enricher service wired from configuration: Postgres pool (migrated at start), FX rate cache,
 * the Kafka Streams topology (exactly_once_v2) and the HTTP server with /health and /ready (which
 * shows the dead-letter count). {@link #start} returns once the streams are RUNNING; {@link #close}
 * is idempotent and closes HTTP, streams, cache and pool in that order.
 */
public final class EnricherApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnricherApp.class);
    public static final String APPLICATION_ID = "casino-enricher";
    public static final String PORT = "ENRICHER_PORT";
    public static final int DEFAULT_PORT = 8083;
    public static final String THREADS = "ENRICHER_THREADS";
    public static final String FX_API_URL = "FX_API_URL";
    public static final String DEFAULT_FX_API_URL = "http://localhost:8082/latest";
    public static final String FX_CACHE_TTL = "FX_CACHE_TTL";
    public static final String FX_MAX_STALENESS = "FX_MAX_STALENESS";
    public static final String FX_TIMEOUT = "FX_TIMEOUT";
    public static final String BATCH_SIZE = "ENRICHER_BATCH_SIZE";
    public static final String BATCH_LINGER = "ENRICHER_BATCH_LINGER";

    /** What tests and benchmarks vary; production uses {@link #defaults}. */
    public record Options(String applicationId, EnricherTopics topics, EventPrinter printer, Ticker ticker) {
        public static Options defaults(EventPrinter printer) {
            return new Options(APPLICATION_ID, EnricherTopics.CASINO, printer, Ticker.systemTicker());
        }
    }

    private final HikariDataSource dataSource;
    private final RateCache rates;
    private final PlayerLookup players;
    private final EnricherStats stats = new EnricherStats();
    private final StreamsService streams;
    private final Config config;
    private final Options options;
    private volatile HttpServer http;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EnricherApp(Config config, Options options) {
        this.config = config;
        this.options = options;
        dataSource = Database.pool(config, "enricher");
        // fail a lookup fast when Postgres is down: the event is held and retried, not stuck in a transaction
        dataSource.getHikariConfigMXBean().setConnectionTimeout(2_000);
        Duration ttl = config.duration(FX_CACHE_TTL, Duration.ofSeconds(60));
        FxClient fx = new FxClient(config.string(FX_API_URL, DEFAULT_FX_API_URL), config.duration(FX_TIMEOUT, Duration.ofSeconds(5)));
        Duration maxStale = config.duration(FX_MAX_STALENESS, Duration.ofMinutes(5));
        rates = options.ticker() == Ticker.systemTicker() ? RateCache.create(fx, ttl, maxStale)
                : RateCache.create(fx, ttl, maxStale, options.ticker(), ForkJoinPool.commonPool());
        players = new PlayerLookup(dataSource);
        Enrichment enrichment = new Enrichment(rates, players);
        Properties props = StreamsService.baseProperties(config, options.applicationId());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.integer(THREADS, 2));
        int batchSize = config.integer(BATCH_SIZE, 500);
        if (batchSize > 1) {
            // one player query per poll, its results on the records: most events need no pending store
            PollLookupInterceptor.config(players, options.topics().events().name())
                    .forEach((k, v) -> props.put(StreamsConfig.mainConsumerPrefix(k), v));
        }
        streams = new StreamsService(options.applicationId(),
                EnricherTopology.build(options.topics(), enrichment, options.printer(), stats,
                        batchSize, config.duration(BATCH_LINGER, Duration.ofMillis(20))), props);
    }

    /** Creates and starts the service; on failure everything already opened is closed. */
    public static EnricherApp start(Config config, Options options) {
        EnricherApp app = create(config, options);
        try {
            app.start();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** Opens the pool and builds the topology without starting anything (register it for shutdown, then start). */
    public static EnricherApp create(Config config, Options options) {
        return new EnricherApp(config, options);
    }

    /** Migrates, creates the topics, starts the streams (waits for RUNNING) and then HTTP. */
    public void start() {
        Database.migrate(dataSource);
        TopicAdmin.ensure(config, options.topics().all(), Duration.ofSeconds(60));
        if (!rates.awaitFirstAnswer(Duration.ofSeconds(10))) {
            log.warn("no FX rates yet ({}); currency-dependent events wait for them", rates.state());
        }
        streams.start(Duration.ofSeconds(120));
        HttpServer server = HttpServer.start("enricher", config.integer(PORT, DEFAULT_PORT),
                List.of(streams.readiness(), Database.readiness(dataSource),
                        ReadinessCheck.of("fx-rates", () -> new ReadinessCheck.Status(
                                rates.state() != RateCache.State.UNAVAILABLE, rates.state().name()))),
                this::info, routes -> routes.get("/metrics", ctx -> ctx.json(info())));
        http = server;
        if (closed.get()) server.close(); // closed while starting
    }

    public Map<String, Object> info() {
        Map<String, Object> m = new LinkedHashMap<>(stats.asMap());
        m.put("player_queries", players.queries());
        m.put("fx_state", rates.state().name());
        return m;
    }

    public EnricherStats stats() {
        return stats;
    }

    public RateCache rates() {
        return rates;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (http != null) http.close();
        streams.close();
        rates.close();
        dataSource.close();
    }
}
