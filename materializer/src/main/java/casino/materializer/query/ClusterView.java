package casino.materializer.query;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.materializer.aggregate.MaterializerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The figures of the whole application, from any instance: this instance reads its own stores and
 * asks every other instance named in the Kafka Streams metadata ({@code application.server}) for
 * its partial over HTTP. An answer is given only when the partials cover every input partition
 * exactly once and every instance is RUNNING; otherwise 503 with Retry-After, never a partial
 * figure. Known gap: a partition that moved in a rebalance restarts its counts on its new owner
 * (stores are in memory without changelog, by design).
 */
public final class ClusterView {
    public static final String PARTIAL_PATH = "/internal/partial";
    private static final int RETRY_AFTER_SECONDS = 1;
    private final String sourceTopic;
    private final int partitions;
    private final HttpClient http;
    private final Duration peerTimeout;
    private final LongSupplier clock;
    private volatile KafkaStreams streams;
    private volatile HostInfo self;

    public ClusterView(String sourceTopic, int partitions, Duration peerTimeout, LongSupplier clock) {
        this.sourceTopic = sourceTopic;
        this.partitions = partitions;
        this.peerTimeout = peerTimeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(peerTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Binds the running application and the host:port it advertises as {@code application.server}. */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.self = self;
        this.streams = streams;
    }

    /** This instance's partial for the partitions it owns right now. */
    public Partial local() {
        KafkaStreams s = requireRunning();
        try {
            Set<Integer> before = activePartitions(s);
            Partial p = LocalReader.read(List.copyOf(before),
                    s.store(StoreQueryParameters.fromNameAndType(MaterializerRegistry.PARTITION_COUNTS,
                            QueryableStoreTypes.keyValueStore())),
                    s.store(StoreQueryParameters.fromNameAndType(MaterializerRegistry.PER_SECOND,
                            QueryableStoreTypes.windowStore())),
                    s.store(StoreQueryParameters.fromNameAndType(MaterializerRegistry.PLAYERS,
                            QueryableStoreTypes.keyValueStore())),
                    clock.getAsLong());
            requireRunning();
            if (!before.equals(activePartitions(s))) throw rebalancing("partitions moved while reading");
            return p;
        } catch (InvalidStateStoreException e) {
            throw rebalancing("stores not queryable: " + e.getMessage());
        }
    }

    /** The global figures, combined from every instance. */
    public Snapshot global() {
        KafkaStreams s = requireRunning();
        List<CompletableFuture<Partial>> answers = new ArrayList<>();
        boolean selfOwnsPartitions = false;
        for (StreamsMetadata m : s.metadataForAllStreamsClients()) {
            if (m.topicPartitions().isEmpty()) continue;
            if (m.hostInfo().equals(self)) {
                selfOwnsPartitions = true;
            } else {
                answers.add(fetch(m.hostInfo())); // the other instances work while this one reads its stores
            }
        }
        if (selfOwnsPartitions) answers.add(CompletableFuture.completedFuture(local()));
        List<Partial> partials = new ArrayList<>();
        for (CompletableFuture<Partial> a : answers) {
            try {
                partials.add(a.get(peerTimeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof ApiException api) throw api;
                throw rebalancing("an instance did not answer: " + e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw rebalancing("an instance did not answer within " + peerTimeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw rebalancing("interrupted");
            }
        }
        requireCoverage(partials);
        return Aggregates.combine(partials, clock.getAsLong());
    }

    private CompletableFuture<Partial> fetch(HostInfo peer) {
        HttpRequest request = HttpRequest.newBuilder(
                URI.create("http://" + peer.host() + ":" + peer.port() + PARTIAL_PATH)).timeout(peerTimeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw rebalancing("instance " + peer.host() + ":" + peer.port() + " answered " + r.statusCode());
            }
            try {
                return Json.MAPPER.readValue(r.body(), Partial.class);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Every input partition answered by exactly one instance, or 503. */
    void requireCoverage(List<Partial> partials) {
        Set<Integer> seen = new TreeSet<>();
        for (Partial p : partials) {
            for (int partition : p.partitions()) {
                if (!seen.add(partition)) throw rebalancing("partition " + partition + " answered twice");
            }
        }
        if (seen.size() != partitions) {
            throw rebalancing("answers cover " + seen.size() + " of " + partitions + " partitions");
        }
    }

    private KafkaStreams requireRunning() {
        KafkaStreams s = streams;
        if (s == null) throw rebalancing("starting");
        if (s.state() != KafkaStreams.State.RUNNING) throw rebalancing("state " + s.state());
        return s;
    }

    private Set<Integer> activePartitions(KafkaStreams s) {
        Set<Integer> result = new TreeSet<>();
        s.metadataForLocalThreads().forEach(t -> t.activeTasks().forEach(task -> task.topicPartitions().forEach(tp -> {
            if (tp.topic().equals(sourceTopic)) result.add(tp.partition());
        })));
        return result;
    }

    private static ApiException rebalancing(String why) {
        return ApiException.unavailable("figures unavailable while the application rebalances (" + why + ")",
                RETRY_AFTER_SECONDS);
    }

    /** Settings shown on /ready. */
    public Map<String, Object> info() {
        return Map.of("partitions", partitions, "application_server", self == null ? "" : self.host() + ":" + self.port());
    }
}
