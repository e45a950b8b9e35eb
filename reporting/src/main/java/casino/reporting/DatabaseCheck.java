package casino.reporting;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ReadinessCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code /ready} check of Postgres, bounded in time whatever Postgres does: one connection of its
 * own (not the pool's, which a frozen Postgres would hold for the statement socket timeout), a
 * {@code SELECT 1} under a network timeout of {@link #ANSWER}, a connection opened with a one-second
 * login and connect timeout. One check at a time: a concurrent one waits at most {@link #QUEUE} for
 * it, so probes against a Postgres that does not answer never pile up threads.
 */
public final class DatabaseCheck implements ReadinessCheck, AutoCloseable {
    static final Duration ANSWER = Duration.ofMillis(500);
    static final Duration QUEUE = Duration.ofMillis(300);
    private final String url;
    private final Properties properties = new Properties();
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    public DatabaseCheck(Config config) {
        this.url = config.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL);
        properties.setProperty("user", config.string(CommonSettings.DATABASE_USER, "postgres"));
        properties.setProperty("password", config.string(CommonSettings.DATABASE_PASSWORD, "postgres"));
        properties.setProperty("connectTimeout", "1");
        properties.setProperty("loginTimeout", "1");
        properties.setProperty("socketTimeout", "1");
        properties.setProperty("ApplicationName", "reporting-ready");
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Status check() {
        try {
            if (!lock.tryLock(QUEUE.toMillis(), TimeUnit.MILLISECONDS)) {
                return new Status(false, "the previous check still waits for Postgres");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, "interrupted");
        }
        try {
            if (connection == null) connection = DriverManager.getConnection(url, properties);
            connection.setNetworkTimeout(Runnable::run, (int) ANSWER.toMillis());
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            return new Status(true, "up");
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            return new Status(false, "no answer from Postgres within " + ANSWER.toMillis() + " ms: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // broken already
        }
        connection = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeConnection();
        } finally {
            lock.unlock();
        }
    }
}
