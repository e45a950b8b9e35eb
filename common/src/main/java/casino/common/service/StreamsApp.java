package casino.common.service;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.kafka.StreamsService;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up every Kafka Streams service shares: HTTP first (its port is the advertised
 * {@code application.server}, and {@code /ready} answers 503 "starting" meanwhile), then the Streams
 * application, built for that address and started until RUNNING. {@code /ready} combines the
 * service's own checks with {@link ReadinessChecks} (Streams state, broker, progress). If the start
 * fails, what was started is closed. {@link #close} is idempotent: HTTP, then Streams (leaving the
 * group), then the readiness admin client.
 */
public final class StreamsApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);
    private final HttpServer http;
    private final StreamsService streams;
    private final Admin admin;
    private final HostInfo self;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Builds the Streams application once HTTP listens: {@code self} is the address to advertise. */
    @FunctionalInterface
    public interface StreamsFactory {
        StreamsService create(HostInfo self);
    }

    /** Where to advertise, how long to start, and the readiness bounds. */
    public record Options(String advertisedHost, Duration startTimeout, Duration rebalanceBound, Duration progressBound,
                          Duration brokerTimeout) {
        /** Bounds from READINESS_REBALANCE_BOUND and READINESS_PROGRESS_BOUND (default 60 s each). */
        public static Options from(Config config, String advertisedHost, Duration startTimeout) {
            return new Options(advertisedHost, startTimeout,
                    config.duration(CommonSettings.READINESS_REBALANCE_BOUND, Duration.ofSeconds(60)),
                    config.duration(CommonSettings.READINESS_PROGRESS_BOUND, Duration.ofSeconds(60)),
                    Duration.ofSeconds(2));
        }
    }

    private StreamsApp(HttpServer http, StreamsService streams, Admin admin, HostInfo self) {
        this.http = http;
        this.streams = streams;
        this.admin = admin;
        this.self = self;
    }

    /**
     * Starts {@code http} (with the Streams readiness checks added), then the Streams application
     * from {@code factory}; returns once it is RUNNING, or throws after closing what it started.
     */
    public static StreamsApp start(HttpServer.Builder http, Options options, StreamsFactory factory) {
        AtomicReference<StreamsService> streamsRef = new AtomicReference<>();
        AtomicReference<Admin> adminRef = new AtomicReference<>();
        Clock clock = Clock.systemUTC();
        HttpServer server = http
                .readiness(ReadinessChecks.streams(streamsRef::get, options.rebalanceBound(), clock))
                .readiness(ReadinessChecks.broker(adminRef::get, options.brokerTimeout()))
                .readiness(ReadinessChecks.progress(streamsRef::get, adminRef::get, options.progressBound(), clock))
                .start();
        HostInfo self = new HostInfo(options.advertisedHost(), server.port());
        StreamsService streams = null;
        Admin admin = null;
        try {
            streams = factory.create(self);
            admin = Admin.create(streams.adminConfigs());
            adminRef.set(admin);
            streamsRef.set(streams);
            streams.start(options.startTimeout());
            log.info("{} running, serving on {}", streams.name(), self);
            return new StreamsApp(server, streams, admin, self);
        } catch (RuntimeException e) {
            closeAll(server, streams, admin);
            throw e;
        }
    }

    private static void closeAll(HttpServer http, StreamsService streams, Admin admin) {
        http.close();
        if (streams != null) streams.close(); // leaves the group: the other instances take the partitions at once
        if (admin != null) admin.close(Duration.ofSeconds(2));
    }

    public HttpServer http() {
        return http;
    }

    public StreamsService streams() {
        return streams;
    }

    /** The advertised address: host and the HTTP port. */
    public HostInfo self() {
        return self;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) closeAll(http, streams, admin);
    }
}
