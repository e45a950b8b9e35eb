package casino.common.db;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ReadinessCheck;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres connection pool (HikariCP) and schema migrations (Flyway, from db/migrations on
 * the classpath). Migrating is idempotent and safe from several processes at once (Flyway locks).
 */
public final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final String MIGRATIONS = "classpath:db/migrations";

    private Database() {}

    public static HikariDataSource pool(Config config, String poolName) {
        return pool(config, poolName, null);
    }

    /** The pool, its meters ({@code hikaricp_connections_*}) in {@code registry} (null: none). */
    public static HikariDataSource pool(Config config, String poolName, MeterRegistry registry) {
        HikariConfig hc = new HikariConfig();
        if (registry != null) hc.setMetricRegistry(registry);
        hc.setPoolName(poolName);
        hc.setJdbcUrl(config.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL));
        hc.setUsername(config.string(CommonSettings.DATABASE_USER, "postgres"));
        hc.setPassword(config.string(CommonSettings.DATABASE_PASSWORD, "postgres"));
        hc.setMaximumPoolSize(config.integer(CommonSettings.DATABASE_POOL_SIZE, 4));
        hc.setConnectionTimeout(5_000);
        // start even when Postgres is down; callers retry and /ready reports it
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }

    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load()
                .migrate();
        log.info("database schema migrated ({} migrations applied now, schema version {})",
                result.migrationsExecuted, result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion);
        return result;
    }

    /** The {@code database} readiness check, bounded in time ({@link DatabaseReadiness}). */
    public static ReadinessCheck readiness(DataSource dataSource) {
        return new DatabaseReadiness(dataSource);
    }
}
