package casino.reporting;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.json.Json;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import casino.reporting.mirror.DeadLetters;
import casino.reporting.mirror.MirrorConsumer;
import casino.reporting.mirror.MirrorStore;
import casino.reporting.query.ReportQuery;
import casino.reporting.query.ReportRoutes;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reporting instance: the mirror of the wallet's events into Postgres (exactly once: rows and
 * offsets in one transaction, see {@link MirrorConsumer}) and the report and search routes over it
 * (every one needs an API key when API_KEYS is set), with Prometheus {@code /metrics} (pool, consumer, lag).
 * {@link #start} returns once HTTP listens and the mirror runs (Postgres reachable for the schema);
 * {@link #close} stops HTTP, then the mirror (a batch in flight is committed or rolled back whole),
 * and is idempotent. Known gap: one instance per database and topic (a second is fenced, not shared with).
 */
public final class ReportingService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReportingService.class);
    private final HttpServer http;
    private final MirrorConsumer mirror;
    private final DeadLetters deadLetters;
    private final HikariDataSource pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReportingService(HttpServer http, MirrorConsumer mirror, DeadLetters deadLetters, HikariDataSource pool) {
        this.http = http;
        this.mirror = mirror;
        this.deadLetters = deadLetters;
        this.pool = pool;
    }

    public static ReportingService start(Config config) {
        ReportingSettings settings = ReportingSettings.from(config);
        AccessPolicy access = AccessPolicy.from(config); // a public bind without keys refuses before anything starts
        ServiceMetrics metrics = ServiceMetrics.create("reporting");
        TopicAdmin.ensure(config, List.of(rawTopic(settings.topic()), rawTopic(settings.deadLetters())), settings.startTimeout());
        HikariDataSource pool = Database.pool(config.with(Map.of(CommonSettings.DATABASE_URL, databaseUrl(config, settings))),
                "reporting", metrics.registry());
        try {
            migrate(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            metrics.close();
            throw e;
        }
        DeadLetters deadLetters = new DeadLetters(config, settings.deadLetters(), metrics.registry());
        MirrorConsumer mirror = new MirrorConsumer(config, settings.topic(), settings.batchRecords(), settings.batchLinger(),
                settings.retryMax(), new MirrorStore(pool, settings.topic()), deadLetters);
        mirror.bind(metrics);
        ReportRoutes routes = new ReportRoutes(new ReportQuery(pool), mirror::asOf, Clock.systemUTC());
        ReadinessCheck mirrorReady = ReadinessCheck.of("mirror", () -> {
            String problem = mirror.problem();
            return new ReadinessCheck.Status(problem == null, problem == null ? "following " + settings.topic() : problem);
        });
        ReadinessCheck databaseCheck = Database.readiness(pool); // bounded: /ready answers even when Postgres is frozen
        HttpServer http;
        try {
            http = HttpServer.builder("reporting").port(settings.port()).access(access).metrics(metrics)
                    .openApi("/casino/reporting/openapi.json")
                    .readiness(List.of(databaseCheck, mirrorReady))
                    .info(() -> info(settings, mirror)).routes(routes::register).start();
        } catch (RuntimeException e) {
            deadLetters.close();
            metrics.close();
            pool.close();
            throw e;
        }
        mirror.start();
        log.info("reporting on port {} mirrors {} into Postgres (batches of {} records or {})", http.port(),
                settings.topic(), settings.batchRecords(), settings.batchLinger());
        return new ReportingService(http, mirror, deadLetters, pool);
    }

    private static Map<String, Object> info(ReportingSettings settings, MirrorConsumer mirror) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("topic", settings.topic());
        Map<String, Long> lag = new LinkedHashMap<>();
        mirror.lag().forEach((p, n) -> lag.put(Integer.toString(p), n));
        info.put("lag", lag);
        Instant asOf = mirror.asOf();
        info.put("data_as_of", asOf == null ? null : Json.formatInstant(asOf));
        return info;
    }

    private static Topic<byte[], byte[]> rawTopic(String name) {
        return new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray(), CommonSettings.DEFAULT_PARTITIONS);
    }

    /** DATABASE_URL with batched inserts rewritten to multi-row ones and the statement socket timeout. */
    static String databaseUrl(Config config, ReportingSettings settings) {
        String url = config.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL);
        String extra = "reWriteBatchedInserts=true&socketTimeout=" + settings.dbSocketTimeout().toSeconds();
        return url + (url.contains("?") ? "&" : "?") + extra;
    }

    /** Flyway, retried until the start timeout: the service may start before Postgres. */
    private static void migrate(HikariDataSource pool, ReportingSettings settings) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        long backoff = 200;
        while (true) {
            try {
                Database.migrate(pool);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() + backoff * 1_000_000 > deadline) throw e;
                log.warn("schema migration failed, retrying in {} ms: {}", backoff, e.toString());
                try {
                    Thread.sleep(backoff); // back-off while Postgres starts
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, settings.retryMax().toMillis());
            }
        }
    }

    public int port() {
        return http.port();
    }

    /** Every registered route, as "METHOD path". */
    public List<String> routes() {
        return http.routes();
    }

    public MirrorConsumer mirror() {
        return mirror;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            http.close();
            try {
                mirror.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deadLetters.close();
            pool.close();
        }
    }
}
