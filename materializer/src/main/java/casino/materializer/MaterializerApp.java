package casino.materializer;

import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.materializer.aggregate.MaterializerRegistry;
import casino.materializer.aggregate.MaterializerTopology;
import casino.materializer.api.MaterializedRoutes;
import casino.materializer.api.SnapshotBroadcaster;
import casino.materializer.query.ClusterView;
import casino.materializer.query.SnapshotCache;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * One running materializer: topics ensured, HTTP up (its port is the advertised
 * {@code application.server}), Kafka Streams RUNNING. {@link #close} is idempotent and stops the
 * stream, the HTTP server and the Kafka Streams application in that order, leaving the consumer
 * group so that the other instances rebalance at once.
 */
public final class MaterializerApp implements AutoCloseable {
    private final HttpServer http;
    private final SnapshotBroadcaster broadcaster;
    private final StreamsService streams;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MaterializerApp(HttpServer http, SnapshotBroadcaster broadcaster, StreamsService streams) {
        this.http = http;
        this.broadcaster = broadcaster;
        this.streams = streams;
    }

    public static MaterializerApp start(Config config, LongSupplier clock) {
        MaterializerSettings settings = MaterializerSettings.from(config);
        Topic<byte[], byte[]> source = MaterializerRegistry.source(settings.sourceTopic());
        int sourcePartitions = TopicAdmin.ensure(config, List.of(source, MaterializerRegistry.deadLetter(source)),
                settings.startupTimeout()).get(source.name());
        ClusterView view = new ClusterView(source.name(), sourcePartitions, settings.peerTimeout(), clock);
        SnapshotCache snapshots = new SnapshotCache(view::global, settings.cacheTtl(), System::nanoTime);
        SnapshotBroadcaster broadcaster = new SnapshotBroadcaster(snapshots, settings.streamInterval());
        AtomicReference<StreamsService> running = new AtomicReference<>();
        ReadinessCheck ready = ReadinessCheck.of("kafka-streams", () -> running.get() == null
                ? new ReadinessCheck.Status(false, "starting") : running.get().readiness().check());
        HttpServer http = HttpServer.start("materializer", settings.port(), List.of(ready), view::info,
                app -> MaterializedRoutes.install(app, snapshots, view, broadcaster));
        StreamsService streams = null;
        try {
            Properties props = StreamsService.baseProperties(config, settings.applicationId());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, settings.advertisedHost() + ":" + http.port());
            StreamsBuilder builder = new StreamsBuilder();
            MaterializerTopology.build(builder, source, clock);
            streams = new StreamsService("materializer", builder.build(props), props);
            view.attach(streams.streams(), new HostInfo(settings.advertisedHost(), http.port()));
            running.set(streams);
            streams.start(settings.startupTimeout());
            return new MaterializerApp(http, broadcaster, streams);
        } catch (RuntimeException e) {
            broadcaster.close();
            http.close();
            if (streams != null) streams.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            broadcaster.close();
            http.close();
            streams.close(); // leaves the group: the other instances take the partitions over at once
        }
    }
}
