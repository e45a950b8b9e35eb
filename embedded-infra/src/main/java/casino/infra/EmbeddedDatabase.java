package casino.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real PostgreSQL server (zonky embedded binaries, same major as the compose image) started
 * from this JVM on a fixed or random port, with a fresh data directory that is deleted on close.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Port 0 picks a free port. */
    public static EmbeddedDatabase start(int port, Path workDir) {
        return start(port, workDir, null);
    }

    /**
     * Port 0 picks a free port; {@code dataDir} (null: a temporary one) holds the cluster and its
     * {@code postmaster.pid}, by which {@code bin/run-local} stops a server its JVM left behind.
     */
    public static EmbeddedDatabase start(int port, Path workDir, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "200");
            if (port != 0) builder.setPort(port);
            if (workDir != null) builder.setOverrideWorkingDirectory(workDir.toFile());
            if (dataDir != null) builder.setDataDirectory(dataDir);
            return new EmbeddedDatabase(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Postgres", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    /** DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD pointing at this server. */
    public Map<String, String> settings() {
        return Map.of("DATABASE_URL", jdbcUrl(), "DATABASE_USER", USER, "DATABASE_PASSWORD", PASSWORD);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
