package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The migrations against the real embedded Postgres. */
class EmbeddedInfraTest {

    @Test
    void givenMigratedDatabase_thenPlayers10To14ExistAnd15To19DoNot() throws Exception {
        var ds = TestInfra.dataSource();
        List<Long> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, email, last_signed_in_at FROM players WHERE id BETWEEN 10 AND 19 ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
                assertTrue(rs.getString(2).endsWith("@example.com"), "email of player " + rs.getLong(1));
                assertTrue(rs.getTimestamp(3).toInstant().isBefore(java.time.Instant.now()), "signed in before now");
            }
        }
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), ids);
    }

    @Test
    void givenSeededPlayers_thenSignInTimesAreRelativeToTheMigration() throws Exception {
        var ds = TestInfra.dataSource();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email, round(extract(epoch FROM (now() - last_signed_in_at)) / 3600) "
                     + "FROM players ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) rows.add(rs.getString(1) + " " + rs.getLong(2) + "h");
            assertEquals(List.of("john@example.com 1h", "jane@example.com 3h", "bob@example.com 48h",
                    "rick@example.com 5h", "morty@example.com 24h"), rows);
        }
    }

    @Test
    void whenMigrationsRunAgain_thenNothingChanges() throws Exception {
        var ds = TestInfra.dataSource();
        MigrateResult again = Database.migrate(ds);
        assertEquals(0, again.migrationsExecuted);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM players")) {
            rs.next();
            assertEquals(5, rs.getInt(1));
        }
    }

    @Test
    void givenTestBroker_thenBootstrapServersAnswer() {
        String bootstrap = TestInfra.kafka().bootstrapServers();
        assertFalse(bootstrap.isBlank());
        try (var admin = casino.common.kafka.TopicAdmin.admin(bootstrap)) {
            assertEquals(1, assertDoesNotThrowGet(() -> admin.describeCluster().nodes().get().size()));
        }
    }

    private static <T> T assertDoesNotThrowGet(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
