package casino.enricher;

import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.DeadLetterHandlers;
import casino.common.kafka.StreamsService;
import casino.common.kafka.TopicAdmin;
import casino.common.service.ReadinessChecks;
import casino.common.service.StreamsApp;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import casino.enricher.currency.FxClient;
import casino.enricher.currency.MeteredRateSource;
import casino.enricher.currency.RateCache;
import casino.enricher.pipeline.EnricherStats;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EnricherTopology;
import casino.enricher.pipeline.Enrichment;
import casino.enricher.pipeline.EventPrinter;
import casino.enricher.pipeline.Rejection;
import casino.enricher.player.PlayerLookup;
import casino.enricher.player.PollLookupInterceptor;
import com.github.benmanes.caffeine.cache.Ticker;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enricher service wired from {@link EnricherSettings}: Postgres pool (migrated at start), FX
 * rate cache, the Kafka Streams topology (exactly_once_v2; its consumer looks the players of each
 * poll up in one query, see {@link PollLookupInterceptor}) and the HTTP server with /health,
 * /ready (Streams state, broker, progress, Postgres, FX rates; it shows the dead-letter count) and
 * Prometheus /metrics (streams, pool, FX calls, player lookups, events enriched and dead-lettered by
 * reason). {@link #start} returns once the streams are RUNNING;
 * {@link #close} is idempotent and closes HTTP, streams, cache and pool in that order.
 */
public final class EnricherService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EnricherService.class);
    public static final String APPLICATION_ID = "casino-enricher";

    /** What tests and benchmarks vary; production uses {@link #defaults}. */
    public record Options(String applicationId, EnricherTopics topics, EventPrinter printer, Ticker ticker) {
        public static Options defaults(EventPrinter printer) {
            return new Options(APPLICATION_ID, EnricherTopics.CASINO, printer, Ticker.systemTicker());
        }
    }

    private final HikariDataSource dataSource;
    private final RateCache rates;
    private final PlayerLookup players;
    private final ServiceMetrics metrics;
    private final EnricherStats stats;
    private final StreamsService streams;
    private final Config config;
    private final EnricherSettings settings;
    private final Options options;
    private final AccessPolicy access;
    private volatile HttpServer http;
    private volatile Admin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EnricherService(Config config, EnricherSettings settings, Options options) {
        this.config = config;
        access = AccessPolicy.from(config); // a public bind without keys refuses before anything starts
        metrics = ServiceMetrics.create("enricher");
        stats = new EnricherStats(metrics.registry());
        this.settings = settings;
        this.options = options;
        dataSource = Database.pool(config, "enricher", metrics.registry());
        dataSource.getHikariConfigMXBean().setConnectionTimeout(settings.databaseTimeout().toMillis());
        MeteredRateSource fx = new MeteredRateSource(new FxClient(settings.fxApiUrl(), settings.fxTimeout()), metrics.registry());
        rates = options.ticker() == Ticker.systemTicker() ? RateCache.create(fx, settings.fxCacheTtl(), settings.fxMaxStaleness())
                : RateCache.create(fx, settings.fxCacheTtl(), settings.fxMaxStaleness(), options.ticker(), ForkJoinPool.commonPool());
        players = new PlayerLookup(dataSource, metrics.registry());
        Enrichment enrichment = new Enrichment(rates, players);
        Properties props = streamsProperties(config, settings, options.applicationId());
        // a record a processor throws on, that cannot be read, or whose output is refused goes to the DLQ; the stream goes on
        DeadLetterHandlers.install(props, Rejection.SERVICE, options.topics().deadLetters().name(), metrics.registry());
        if (settings.batchSize() > 1) {
            // one player query per poll, its results on the records: most events need no pending store
            PollLookupInterceptor.config(players, options.topics().events().name())
                    .forEach((k, v) -> props.put(StreamsConfig.mainConsumerPrefix(k), v));
        }
        streams = new StreamsService(options.applicationId(),
                EnricherTopology.build(options.topics(), enrichment, options.printer(), stats,
                        settings.batchSize(), settings.batchLinger()), props);
        metrics.kafkaStreams(streams.streams());
    }

    /**
     * Streams settings: common's base (exactly_once_v2), the thread count, and producer batches of
     * {@code ENRICHER_PRODUCER_BATCH_SIZE} bytes (enriched events are about twice the size of raw
     * ones; bigger batches mean fewer produce requests). The benchmark's pass-through uses the same.
     */
    public static Properties streamsProperties(Config config, EnricherSettings settings, String applicationId) {
        Properties props = StreamsService.baseProperties(config, applicationId);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), settings.producerBatchSize());
        return props;
    }

    /** {@link #streamsProperties(Config, EnricherSettings, String)} with the settings read from {@code config}. */
    public static Properties streamsProperties(Config config, String applicationId) {
        return streamsProperties(config, EnricherSettings.from(config), applicationId);
    }

    /** Creates and starts the service; on failure everything already opened is closed. */
    public static EnricherService start(Config config, Options options) {
        EnricherService service = create(config, options);
        try {
            service.start();
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /** Reads the settings, opens the pool and builds the topology without starting anything (register it for shutdown, then start). */
    public static EnricherService create(Config config, Options options) {
        return new EnricherService(config, EnricherSettings.from(config), options);
    }

    /** Migrates, creates the topics, starts the streams (waits for RUNNING) and then HTTP. */
    public void start() {
        Database.migrate(dataSource);
        TopicAdmin.ensure(config, options.topics().all(), settings.topicTimeout());
        if (!rates.awaitFirstAnswer(settings.fxStartWait())) {
            log.warn("no FX rates yet ({}); currency-dependent events wait for them", rates.state());
        }
        streams.start(settings.startTimeout());
        admin = Admin.create(streams.adminConfigs());
        StreamsApp.Options bounds = StreamsApp.Options.from(config, "localhost", settings.startTimeout());
        Clock clock = Clock.systemUTC();
        HttpServer server = HttpServer.builder("enricher").port(settings.port()).access(access).metrics(metrics)
                .openApi("/casino/enricher/openapi.json")
                .readiness(List.of(ReadinessChecks.streams(() -> streams, bounds.rebalanceBound(), clock),
                        ReadinessChecks.broker(admin, bounds.brokerTimeout()),
                        ReadinessChecks.progress(() -> streams, () -> admin, bounds.progressBound(), clock),
                        Database.readiness(dataSource), // bounded: a frozen Postgres is 503 within 500 ms
                        ReadinessCheck.of("fx-rates", () -> new ReadinessCheck.Status(
                                rates.state() != RateCache.State.UNAVAILABLE, rates.state().name()))))
                .info(this::info).start();
        http = server;
        if (closed.get()) server.close(); // closed while starting
    }

    public EnricherSettings settings() {
        return settings;
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

    /** Every registered route, as "METHOD path". */
    public List<String> routes() {
        return http.routes();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (http != null) http.close(); // closes the meters too
        else metrics.close();
        streams.close();
        if (admin != null) admin.close(java.time.Duration.ofSeconds(2));
        rates.close();
        dataSource.close();
    }
}
