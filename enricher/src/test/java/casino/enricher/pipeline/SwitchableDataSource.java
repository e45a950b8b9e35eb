package casino.enricher.pipeline;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Points at one real data source or another (the real Postgres, or a pool on a port nobody listens on). */
final class SwitchableDataSource implements DataSource {
    private final AtomicReference<DataSource> target;

    SwitchableDataSource(DataSource initial) {
        target = new AtomicReference<>(initial);
    }

    void switchTo(DataSource next) {
        target.set(next);
    }

    @Override public Connection getConnection() throws SQLException { return target.get().getConnection(); }
    @Override public Connection getConnection(String u, String p) throws SQLException { return target.get().getConnection(u, p); }
    @Override public PrintWriter getLogWriter() { return null; }
    @Override public void setLogWriter(PrintWriter out) { }
    @Override public void setLoginTimeout(int seconds) { }
    @Override public int getLoginTimeout() { return 0; }
    @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }
    @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
}
