package casino.common.db;

import casino.common.http.ReadinessCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * The {@code database} readiness check, bounded in time: a probe (a pooled connection, then
 * {@code Connection.isValid(1)}) runs on a virtual thread and the check waits for it at most
 * {@link #BOUND}; a Postgres that does not answer (frozen, or a host that accepts and never speaks) is
 * "not ready" within that bound instead of after the pool's connection timeout. At most one probe runs
 * at a time: a check while one is still running waits for that one, so a hanging database never piles
 * up threads, whatever the probe rate.
 */
public final class DatabaseReadiness implements ReadinessCheck {
    /** The longest a check waits for Postgres: well inside {@code /ready}'s own 900 ms. */
    public static final Duration BOUND = Duration.ofMillis(500);
    private final DataSource dataSource;
    private final Duration bound;
    private CompletableFuture<Status> running;

    public DatabaseReadiness(DataSource dataSource) {
        this(dataSource, BOUND);
    }

    public DatabaseReadiness(DataSource dataSource, Duration bound) {
        this.dataSource = dataSource;
        this.bound = bound;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Status check() {
        CompletableFuture<Status> probe = probe();
        try {
            return probe.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Status(false, "no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            return new Status(false, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, "interrupted");
        }
    }

    /** The probe running now, or a new one when none is. */
    private synchronized CompletableFuture<Status> probe() {
        if (running == null || running.isDone()) {
            CompletableFuture<Status> f = new CompletableFuture<>();
            Thread.ofVirtual().name("ready-database-probe").start(() -> f.complete(connect()));
            running = f;
        }
        return running;
    }

    private Status connect() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(1) ? new Status(true, "up") : new Status(false, "connection not valid within 1 s");
        } catch (SQLException | RuntimeException e) {
            return new Status(false, String.valueOf(e.getMessage()));
        }
    }
}
