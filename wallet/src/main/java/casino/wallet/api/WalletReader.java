package casino.wallet.api;

import casino.common.http.ApiException;
import casino.common.http.ApiKeyFilter;
import casino.wallet.topics.WalletTopics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a key from the instance that owns it: locally when this instance is the active owner, else
 * one HTTP hop to the owner (found with Kafka Streams metadata and {@code application.server}),
 * which answers the same request. While ownership is unknown or moving (a rebalance, a restore, a
 * forwarded request that lands on a non-owner) it answers 503 with Retry-After rather than a
 * possibly stale value: only active stores are read, never standbys.
 */
public final class WalletReader {
    public static final String FORWARDED = "X-Wallet-Forwarded";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    private final Map<String, ReadOnlyKeyValueStore<String, ?>> handles = new ConcurrentHashMap<>();

    /** Connects the reader to the running ledger; until then every read is a 503. */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.self = self;
        this.streams = streams;
    }

    /** Where a key lives: here (a partition of the local stores) or the owner's answer to the request. */
    public sealed interface Answer permits Local, Remote {}

    /** This instance owns the key: its stores of that partition (stores of one processor share it). */
    public record Local(WalletReader reader, int partition) implements Answer {
        @SuppressWarnings("unchecked")
        public <V> ReadOnlyKeyValueStore<String, V> store(WalletTopics.Store<String, V> store) {
            // a handle looks its partition's store up on every call, so one per (store, partition) serves across rebalances
            try {
                return (ReadOnlyKeyValueStore<String, V>) reader.handles.computeIfAbsent(store.name() + "#" + partition,
                        k -> reader.streams.store(StoreQueryParameters
                                .fromNameAndType(store.name(), QueryableStoreTypes.<String, V>keyValueStore())
                                .withPartition(partition)));
            } catch (InvalidStateStoreException e) {
                throw unavailable("this wallet's state is moving (rebalance)");
            }
        }

        public <V> Optional<V> get(WalletTopics.Store<String, V> store, String key) {
            try {
                return Optional.ofNullable(store(store).get(key));
            } catch (InvalidStateStoreException e) {
                throw unavailable("this wallet's state is moving (rebalance)");
            }
        }
    }

    /** The rates of this instance's global store (the same on every instance once caught up); empty while not running. */
    public Map<String, casino.common.money.FxRate> rates() {
        KafkaStreams s = streams;
        Map<String, casino.common.money.FxRate> rates = new java.util.TreeMap<>();
        if (s == null || s.state() != KafkaStreams.State.RUNNING) throw unavailable("the ledger is not running");
        try {
            ReadOnlyKeyValueStore<String, casino.common.money.FxRate> store = s.store(StoreQueryParameters.fromNameAndType(
                    WalletTopics.FX_RATES.name(), QueryableStoreTypes.<String, casino.common.money.FxRate>keyValueStore()));
            try (var all = store.all()) {
                all.forEachRemaining(kv -> rates.put(kv.key, kv.value));
            }
        } catch (InvalidStateStoreException e) {
            throw unavailable("the rates are not readable yet");
        }
        return rates;
    }

    public record Remote(int status, String body, Optional<String> retryAfter) implements Answer {}

    /**
     * Locates {@code key} of {@code store}; when another instance owns it, sends it
     * {@code GET pathAndQuery} (marked as forwarded) and returns its answer.
     */
    public Answer read(WalletTopics.Store<String, ?> store, String key, String pathAndQuery, boolean forwarded) {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) throw unavailable("the ledger is not running (" + (s == null ? "starting" : s.state()) + ")");
        KeyQueryMetadata meta = s.queryMetadataForKey(store.name(), key, Serdes.String().serializer());
        if (meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE || meta.activeHost() == null) {
            throw unavailable("the owner of this key is not known yet (rebalance)");
        }
        if (meta.activeHost().equals(self)) return new Local(this, meta.partition());
        if (forwarded) throw unavailable("the owner of this key is changing (rebalance)");
        return forward(meta.activeHost(), pathAndQuery);
    }

    /**
     * This instance's stores of partition {@code partition} (where the key's partitioner puts it) when it is
     * running; the stores themselves refuse (InvalidStateStoreException) unless this instance actively owns
     * that partition now. For lookups with a slower fallback: no metadata query, never forwards.
     */
    public Optional<Local> owned(int partition) {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) return Optional.empty();
        return Optional.of(new Local(this, partition));
    }

    private Remote forward(HostInfo owner, String pathAndQuery) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "true").GET();
        // the caller's API key goes along: the owner checks it as if the caller had asked it directly
        ApiKeyFilter.credential().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Remote(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw unavailable("the owner of this key (" + owner + ") did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    static ApiException unavailable(String message) {
        return ApiException.unavailable(message, 1);
    }
}
