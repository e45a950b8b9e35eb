package casino.materializer;

import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.kafka.DeadLetterHandlers;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.metrics.ServiceMetrics;
import casino.common.security.AccessPolicy;
import casino.common.service.StreamsApp;
import casino.materializer.aggregate.MaterializerRegistry;
import casino.materializer.aggregate.MaterializerTopology;
import casino.materializer.api.MaterializedRoutes;
import casino.materializer.api.SnapshotBroadcaster;
import casino.materializer.query.ClusterView;
import casino.materializer.query.SnapshotCache;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * One running materializer: topics ensured, then the shared {@link StreamsApp} start-up (HTTP
 * first, its port the advertised {@code application.server}; Kafka Streams RUNNING; {@code /ready}
 * with Streams state, broker and progress), Prometheus {@code /metrics}. With API keys set, only
 * the dashboard, {@code /materialized} (and its stream), the peers' partial view and the probes stay open. {@link #close} is idempotent and stops the live stream,
 * the HTTP server and the Kafka Streams application in that order, leaving the consumer group so
 * that the other instances rebalance at once.
 */
public final class MaterializerService implements AutoCloseable {
    private final StreamsApp app;
    private final SnapshotBroadcaster broadcaster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MaterializerService(StreamsApp app, SnapshotBroadcaster broadcaster) {
        this.app = app;
        this.broadcaster = broadcaster;
    }

    /** Starts from the environment's settings; {@code clock} stamps arrivals (milliseconds). */
    public static MaterializerService start(Config config, LongSupplier clock) {
        MaterializerSettings settings = MaterializerSettings.from(config);
        AccessPolicy access = AccessPolicy.from(config); // a public bind without keys refuses before anything starts
        Topic<byte[], byte[]> source = MaterializerRegistry.source(settings.sourceTopic());
        int sourcePartitions = TopicAdmin.ensure(config, List.of(source, MaterializerRegistry.deadLetter(source)),
                settings.startupTimeout()).get(source.name());
        ClusterView view = new ClusterView(source.name(), sourcePartitions, settings.peerTimeout(), clock);
        SnapshotCache snapshots = new SnapshotCache(view::global, settings.cacheTtl(), System::nanoTime);
        SnapshotBroadcaster broadcaster = new SnapshotBroadcaster(snapshots, settings.streamInterval());
        ServiceMetrics metrics = ServiceMetrics.create("materializer");
        HttpServer.Builder http = HttpServer.builder("materializer").port(settings.port()).info(view::info)
                .access(access).metrics(metrics).open(MaterializedRoutes.OPEN)
                .openApi("/casino/materializer/openapi.json").routes(app -> MaterializedRoutes.install(app, snapshots, view, broadcaster));
        try {
            StreamsApp app = StreamsApp.start(http,
                    StreamsApp.Options.from(config, settings.advertisedHost(), settings.startupTimeout()), self -> {
                        Properties props = streamsProperties(config, settings.applicationId());
                        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
                        // a record that cannot be read or counted goes to the dead-letter topic; the stream goes on
                        DeadLetterHandlers.install(props, "materializer", MaterializerRegistry.deadLetter(source).name(),
                                metrics.registry());
                        StreamsBuilder builder = new StreamsBuilder();
                        MaterializerTopology.build(builder, source, clock, metrics.registry());
                        StreamsService streams = new StreamsService("materializer", builder.build(props), props);
                        metrics.kafkaStreams(streams.streams());
                        view.attach(streams.streams(), self);
                        return streams;
                    });
            return new MaterializerService(app, broadcaster);
        } catch (RuntimeException e) {
            broadcaster.close();
            throw e;
        }
    }

    /**
     * The Kafka Streams settings of the materializer: common's (exactly_once_v2, one stream thread) with a
     * {@code MATERIALIZER_COMMIT_INTERVAL} commit interval. One thread on purpose: with more, tasks move
     * between the threads of one instance at start-up and their in-memory counts restart (measured).
     */
    public static Properties streamsProperties(Config config, String applicationId) {
        MaterializerSettings settings = MaterializerSettings.from(config);
        Properties props = StreamsService.baseProperties(config, applicationId);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        return props;
    }

    public int port() {
        return app.port();
    }

    /** Every registered route, as "METHOD path". */
    public List<String> routes() {
        return app.http().routes();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            broadcaster.close();
            app.close(); // HTTP, then Streams, which leaves the group: the other instances take the partitions over at once
        }
    }
}
