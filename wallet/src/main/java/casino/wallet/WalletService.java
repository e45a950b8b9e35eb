package casino.wallet;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.DeadLetterHandlers;
import casino.common.kafka.StreamsService;
import casino.common.kafka.TopicAdmin;
import casino.common.money.FxRatesTopic;
import casino.common.service.StreamsApp;
import casino.wallet.api.CommandSender;
import casino.wallet.api.FxPublisher;
import casino.wallet.api.OutcomeTracker;
import casino.wallet.api.WalletReader;
import casino.wallet.api.WalletMeters;
import casino.wallet.api.WalletRoutes;
import casino.wallet.ledger.Ledger;
import casino.wallet.topics.WalletTopics;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wallet instance: the ledger (Kafka Streams, exactly_once_v2), the command producers (wallet
 * commands, external id claims), the outcome tracker and the HTTP API. {@link #start} returns once the ledger is RUNNING; {@link #close}
 * first answers new requests 503 while in-flight ones finish (at most 6 s), stops HTTP, then the
 * ledger, and is idempotent. Instances with the same application id share the wallets by
 * partition and route reads to each other. Known gap: the drain (6 s) plus the ledger's close (8 s)
 * bound shutdown at 14 s in the worst case; measured 2-5 s.
 */
public final class WalletService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalletService.class);
    private final WalletRoutes routes;
    private final OutcomeTracker tracker;
    private final CommandSender sender;
    private final CommandSender externalIds;
    private final StreamsApp app;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** In-flight requests get this long to finish on close (a deposit waits at most WALLET_DEPOSIT_WAIT, 5 s). */
    static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(6);

    private final FxPublisher fx;
    private final RefusedRates refusedRates;

    private WalletService(WalletRoutes routes, OutcomeTracker tracker, CommandSender sender, CommandSender externalIds,
                          FxPublisher fx, StreamsApp app, RefusedRates refusedRates) {
        this.fx = fx;
        this.refusedRates = refusedRates;
        this.routes = routes;
        this.tracker = tracker;
        this.sender = sender;
        this.externalIds = externalIds;
        this.app = app;
    }

    public static WalletService start(Config config) {
        WalletSettings settings = WalletSettings.from(config);
        AccessPolicy access = AccessPolicy.from(config); // a public bind without keys refuses before anything starts
        ServiceMetrics metrics = ServiceMetrics.create("wallet");
        TopicAdmin.ensure(config, settings.topics().all(), settings.startTimeout());
        try (var admin = TopicAdmin.admin(CommonSettings.bootstrapServers(config))) {
            FxRatesTopic.ensure(admin, settings.topics().fxRates().name(),
                    (short) config.integer(CommonSettings.TOPIC_REPLICATION_FACTOR, 1));
        }
        RefusedRates refusedRates = RefusedRates.to(CommonSettings.bootstrapServers(config), settings.topics().deadLetters().name(),
                metrics.registry());
        FxPublisher fx = new FxPublisher(config, settings.topics().fxRates().name());
        OutcomeTracker tracker = new OutcomeTracker(config, settings.topics().events().name(), settings.requestRetention());
        tracker.meters(new WalletMeters(metrics.registry()));
        CommandSender sender = CommandSender.batching(config, settings.topics().commands().name(), settings.batchMax(),
                settings.queueMax());
        CommandSender externalIds = new CommandSender(config, settings.topics().externalIds().name());
        WalletReader reader = new WalletReader();
        ReadinessCheck trackerReady = ReadinessCheck.of("outcome-tracker",
                () -> new ReadinessCheck.Status(tracker.running(), tracker.running() ? "following" : "stopped"));
        WalletRoutes routes = new WalletRoutes(sender, externalIds, tracker, reader, WalletSettings.CURRENCY,
                settings.depositWait(), settings.pollWait(), Clock.systemUTC(), fx, new Ledger(settings.rules()));
        HttpServer.Builder http = HttpServer.builder("wallet").port(settings.port()).access(access).metrics(metrics)
                .openApi("/casino/wallet/api/openapi.json")
                .readiness(trackerReady)
                // the classic contract: GET /health answers 200 "OK" in plain text
                .health(ctx -> ctx.contentType("text/plain").result("OK"))
                .info(() -> Map.of("application_id", settings.applicationId(), "in_flight", routes.inFlight()))
                .routes(routes::register);
        StreamsApp app;
        try {
            app = StreamsApp.start(http, StreamsApp.Options.from(config, settings.advertisedHost(), settings.startTimeout()),
                    self -> {
                        StreamsService ledger = new StreamsService("wallet-ledger",
                                LedgerTopology.build(settings.topics(), settings.rules(), refusedRates, metrics.registry()),
                                ledgerProperties(config, settings, self, metrics.registry()));
                        metrics.kafkaStreams(ledger.streams());
                        reader.attach(ledger.streams(), self);
                        return ledger;
                    });
        } catch (RuntimeException e) {
            sender.close();
            externalIds.close();
            fx.close();
            tracker.close();
            refusedRates.close();
            throw e;
        }
        log.info("wallet ready on port {} as {} (application {})", app.port(), app.self(), settings.applicationId());
        return new WalletService(routes, tracker, sender, externalIds, fx, app, refusedRates);
    }

    /** The ledger's Kafka Streams properties without meters for the dead letters (the benchmark's empty ledger). */
    public static Properties ledgerProperties(Config config, WalletSettings settings, HostInfo self) {
        return ledgerProperties(config, settings, self, null);
    }

    /**
     * The ledger's Kafka Streams properties: a record a processor throws on, that cannot be read or is over
     * the bound of the sources, or whose output the producer refuses, goes to wallet.dlq inside the
     * transaction ({@link DeadLetterHandlers}, counted in {@code meters}) and the ledger goes on.
     */
    public static Properties ledgerProperties(Config config, WalletSettings settings, HostInfo self,
                                              io.micrometer.core.instrument.MeterRegistry meters) {
        Properties props = StreamsService.baseProperties(config, settings.applicationId());
        DeadLetterHandlers.install(props, WalletTopics.SERVICE, settings.topics().deadLetters().name(), meters);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        // latency of read-your-writes: commit soon after processing (Streams defaults: poll 100 ms, producer linger 100 ms)
        props.put(StreamsConfig.POLL_MS_CONFIG, 10);
        // how long a crashed instance keeps its partitions before the others take over
        props.put(StreamsConfig.consumerPrefix(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        props.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG), 5);
        return props;
    }

    public int port() {
        return app.port();
    }

    /** Every route Javalin registered, as "METHOD path" (for the OpenAPI check). */
    public List<String> registeredRoutes() {
        return app.http().routes();
    }

    public StreamsService ledger() {
        return app.streams();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            routes.drain(DRAIN_TIMEOUT);
            app.http().close(); // no new requests while the producers and the tracker stop
            sender.close();
            externalIds.close();
            fx.close();
            tracker.close();
            app.close(); // then the ledger, leaving the group: a remaining or restarted instance takes the partitions at once
            refusedRates.close();
        }
    }
}
