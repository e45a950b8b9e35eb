package casino.wallet.api;

import casino.common.http.ApiException;
import casino.wallet.WalletTopics;
import casino.wallet.proto.WalletState;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a wallet from the instance that owns its key: locally when this instance is the active
 * owner, else one HTTP hop to the owner (found with Kafka Streams metadata and
 * {@code application.server}). While ownership is unknown or moving (a rebalance, a restore, a
 * forwarded request that lands on a non-owner) it answers 503 with Retry-After rather than a
 * possibly stale balance: only active stores are read, never standbys.
 */
public final class WalletReader {
    public static final String FORWARDED = "X-Wallet-Forwarded";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile KafkaStreams streams;
    private volatile HostInfo self;

    /** Connects the reader to the running ledger; until then every read is a 503. */
    public void attach(KafkaStreams streams, HostInfo self) {
        this.self = self;
        this.streams = streams;
    }

    /** The answer for a wallet, local or from its owner: a view, or a forwarded response to pass on. */
    public sealed interface Answer permits Local, Remote {}

    public record Local(Optional<WalletState> state) implements Answer {}

    public record Remote(int status, String body, Optional<String> retryAfter) implements Answer {}

    public Answer read(String walletId, boolean forwarded) {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) throw unavailable("the ledger is not running (" + (s == null ? "starting" : s.state()) + ")");
        KeyQueryMetadata meta = s.queryMetadataForKey(WalletTopics.BALANCES.name(), walletId, Serdes.String().serializer());
        if (meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE || meta.activeHost() == null) {
            throw unavailable("the owner of this wallet is not known yet (rebalance)");
        }
        if (meta.activeHost().equals(self)) {
            try {
                ReadOnlyKeyValueStore<String, WalletState> store = s.store(StoreQueryParameters
                        .fromNameAndType(WalletTopics.BALANCES.name(), QueryableStoreTypes.<String, WalletState>keyValueStore())
                        .withPartition(meta.partition()));
                return new Local(Optional.ofNullable(store.get(walletId)));
            } catch (InvalidStateStoreException e) {
                throw unavailable("this wallet's state is moving (rebalance)");
            }
        }
        if (forwarded) throw unavailable("this wallet's owner is changing (rebalance)");
        return forward(meta.activeHost(), walletId);
    }

    private Remote forward(HostInfo owner, String walletId) {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/details/"
                + URLEncoder.encode(walletId, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED, "true").GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Remote(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (IOException e) {
            throw unavailable("the owner of this wallet (" + owner + ") did not answer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ApiException unavailable(String message) {
        return ApiException.unavailable(message, 1);
    }
}
