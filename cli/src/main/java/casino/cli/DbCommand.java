package casino.cli;

import casino.common.db.Database;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code casino db migrate|info|clean}: Flyway on the database of {@code DATABASE_URL}, with the
 * migrations the services apply themselves ({@code db/migrations}). {@code clean} drops every object
 * of the schema, so it needs both {@code --yes} and {@code DB_ALLOW_CLEAN=true}.
 */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database schema (Flyway): migrate, info, clean.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Clean.class})
final class DbCommand implements Runnable {
    static final String ALLOW_CLEAN = "DB_ALLOW_CLEAN";
    @ParentCommand
    CasinoCli cli;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (migrate, info, clean)");
    }

    private Flyway flyway(HikariDataSource ds, boolean allowClean) {
        return Flyway.configure().dataSource(ds).locations(Database.MIGRATIONS).cleanDisabled(!allowClean).load();
    }

    /** Runs {@code work} with Flyway on a pool of this database, closed afterwards; its result is the exit code. */
    private int withFlyway(boolean allowClean, java.util.function.ToIntFunction<Flyway> work) {
        try (HikariDataSource ds = Database.pool(cli.config, "casino-cli")) {
            return work.applyAsInt(flyway(ds, allowClean));
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Applies the pending migrations.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Override
        public Integer call() {
            return db.withFlyway(false, flyway -> {
                var result = flyway.migrate();
                db.cli.out.println("migrated: " + result.migrationsExecuted + " applied, schema version "
                        + (result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion));
                return 0;
            });
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Lists the migrations and their state.")
    static final class Info implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Override
        public Integer call() {
            return db.withFlyway(false, flyway -> {
                for (MigrationInfo m : flyway.info().all()) {
                    db.cli.out.printf("%-6s %-40s %s%n", m.getVersion(), m.getDescription(), m.getState().getDisplayName());
                }
                return 0;
            });
        }
    }

    @Command(name = "clean", mixinStandardHelpOptions = true,
            description = "Drops every object of the schema (needs --yes and DB_ALLOW_CLEAN=true).")
    static final class Clean implements Callable<Integer> {
        @ParentCommand
        DbCommand db;
        @Option(names = "--yes", description = "confirms that every table and its data is dropped")
        boolean yes;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!yes) throw new CommandLine.ParameterException(spec.commandLine(), "--yes is required: clean drops every table and its data");
            if (!db.cli.config.bool(ALLOW_CLEAN, false)) {
                db.cli.err.println("casino db clean: refused: set " + ALLOW_CLEAN + "=true to allow dropping the schema");
                return 1;
            }
            return db.withFlyway(true, flyway -> {
                db.cli.out.println("cleaned: " + String.join(", ", flyway.clean().schemasCleaned));
                return 0;
            });
        }
    }
}
