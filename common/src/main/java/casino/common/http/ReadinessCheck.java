package casino.common.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** One dependency that must be up for a service to be ready; shown by {@code GET /ready}. */
public interface ReadinessCheck {
    /**
     * Runs {@code checks} at once, each on its own virtual thread, and waits for them until
     * {@code deadline} in all: a check that has not answered by then is not ready ("no answer within
     * ..."), so a dependency that hangs (a frozen database) cannot hang the probe.
     */
    static Map<String, Status> all(List<ReadinessCheck> checks, Duration deadline) {
        long until = System.nanoTime() + deadline.toNanos();
        Map<String, CompletableFuture<Status>> running = new LinkedHashMap<>();
        for (ReadinessCheck c : checks) {
            CompletableFuture<Status> f = new CompletableFuture<>();
            Thread.ofVirtual().name("ready-" + c.name()).start(() -> f.complete(c.check()));
            running.put(c.name(), f);
        }
        Map<String, Status> results = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<Status>> e : running.entrySet()) {
            try {
                results.put(e.getKey(), e.getValue().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException t) {
                results.put(e.getKey(), new Status(false, "no answer within " + deadline.toMillis() + " ms"));
            } catch (ExecutionException x) {
                results.put(e.getKey(), new Status(false, String.valueOf(x.getCause())));
            } catch (InterruptedException i) {
                Thread.currentThread().interrupt();
                results.put(e.getKey(), new Status(false, "interrupted"));
            }
        }
        return results;
    }

    String name();

    Status check();

    record Status(boolean ready, String detail) {}

    static ReadinessCheck of(String name, Supplier<Status> check) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                try {
                    return check.get();
                } catch (RuntimeException e) {
                    return new Status(false, e.toString());
                }
            }
        };
    }
}
