package casino.enricher.player;

import casino.common.event.Player;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reads players from Postgres, one query for any number of ids. Nothing is cached: every call
 * reads the committed rows of that moment. A failure (Postgres down) is thrown to the caller,
 * which holds the events and retries; a missing id is simply absent from the answer.
 */
public final class PlayerLookup {
    private static final String SQL = "SELECT id, email, last_signed_in_at FROM players WHERE id = ANY (?)";
    private final DataSource dataSource;
    private final java.util.concurrent.atomic.LongAdder queries = new java.util.concurrent.atomic.LongAdder();

    public PlayerLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<Long, Player> find(Collection<Long> ids) throws SQLException {
        Map<Long, Player> found = new HashMap<>();
        if (ids.isEmpty()) return found;
        queries.increment();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp signedIn = rs.getTimestamp(3);
                    found.put(rs.getLong(1), new Player(rs.getString(2), signedIn == null ? null : signedIn.toInstant()));
                }
            }
            array.free();
        }
        return found;
    }

    /** Queries sent so far (each for any number of players). */
    public long queries() {
        return queries.sum();
    }
}
