package casino.enricher.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import casino.common.event.Player;
import casino.infra.TestInfra;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlayerLookupTest {
    private final PlayerLookup lookup = new PlayerLookup(TestInfra.dataSource());

    private static void sql(String statement) throws SQLException {
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void givenKnownAndMissingIds_whenLookedUpInOneQuery_thenKnownOnesAreFoundAndMissingOnesAbsent() throws SQLException {
        Map<Long, Player> found = lookup.find(List.of(10L, 14L, 15L, 19L));
        assertEquals("john@example.com", found.get(10L).email());
        assertEquals("morty@example.com", found.get(14L).email());
        assertFalse(found.containsKey(15L));
        assertFalse(found.containsKey(19L));
    }

    @Test
    void givenAPlayerRowChanges_whenLookedUpAgain_thenTheCommittedChangeIsSeenAtOnce() throws SQLException {
        sql("INSERT INTO players (id, email) VALUES (7001, 'before@example.com') ON CONFLICT (id) DO UPDATE SET email = 'before@example.com'");
        assertEquals("before@example.com", lookup.find(List.of(7001L)).get(7001L).email());
        sql("UPDATE players SET email = 'after@example.com' WHERE id = 7001");
        assertEquals("after@example.com", lookup.find(List.of(7001L)).get(7001L).email());
    }
}
