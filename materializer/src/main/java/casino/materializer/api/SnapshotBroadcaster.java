package casino.materializer.api;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.materializer.query.Snapshot;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one global snapshot per interval to every Server-Sent-Events client: event {@code snapshot}
 * with figures and the last 60 per-second buckets, or event {@code unavailable} with the JSON error
 * while the application rebalances. The snapshot is computed once per tick, whatever the number of
 * clients. A new client gets one at once.
 */
public final class SnapshotBroadcaster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotBroadcaster.class);
    private final Supplier<Snapshot> snapshots;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "materializer-sse");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean closed = new AtomicBoolean();

    public SnapshotBroadcaster(Supplier<Snapshot> snapshots, Duration interval) {
        this.snapshots = snapshots;
        ticker.scheduleAtFixedRate(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void add(SseClient client) {
        client.onClose(() -> clients.remove(client));
        client.keepAlive();
        // the first event goes out from the ticker thread too, so that writes to a client never overlap
        ticker.execute(() -> {
            send(client, event());
            clients.add(client);
        });
    }

    private void tick() {
        if (clients.isEmpty()) return;
        String[] event = event();
        for (SseClient c : clients) send(c, event);
    }

    private String[] event() {
        try {
            return new String[] {"snapshot", Json.write(snapshots.get())};
        } catch (ApiException e) {
            return new String[] {"unavailable", Json.write(Map.of("error", e.getMessage()))};
        } catch (RuntimeException e) {
            log.warn("cannot compute a snapshot for the stream", e);
            return new String[] {"unavailable", Json.write(Map.of("error", "internal error"))};
        }
    }

    private void send(SseClient client, String[] event) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(event[0], event[1]);
        } catch (RuntimeException e) {
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            ticker.shutdownNow();
            for (SseClient c : clients) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    log.debug("closing an SSE client", e);
                }
            }
            clients.clear();
        }
    }
}
