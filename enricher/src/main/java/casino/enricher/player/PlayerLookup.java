package casino.enricher.player;

import casino.common.event.Player;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
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
 * which holds the events and retries; a missing id is simply absent from the answer. Meters:
 * {@code casino_player_lookups_total{result=found|missing|error}} per player id, and
 * {@code casino_player_lookup_seconds} per query.
 */
public final class PlayerLookup {
    private static final String SQL = "SELECT id, email, last_signed_in_at FROM players WHERE id = ANY (?)";
    private final DataSource dataSource;
    private final java.util.concurrent.atomic.LongAdder queries = new java.util.concurrent.atomic.LongAdder();

    private final Counter found;
    private final Counter missing;
    private final Counter failed;
    private final Timer latency;

    public PlayerLookup(DataSource dataSource) {
        this(dataSource, new CompositeMeterRegistry());
    }

    public PlayerLookup(DataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        found = lookups(registry, "found");
        missing = lookups(registry, "missing");
        failed = lookups(registry, "error");
        latency = Timer.builder("casino.player.lookup").description("player queries to Postgres (any number of ids each)")
                .publishPercentileHistogram().register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("casino.player.lookups").description("players looked up, by result")
                .tag("result", result).register(registry);
    }

    public Map<Long, Player> find(Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) return new HashMap<>();
        queries.increment();
        long start = System.nanoTime();
        try {
            Map<Long, Player> answer = query(ids);
            found.increment(answer.size());
            missing.increment(ids.size() - answer.size());
            return answer;
        } catch (SQLException | RuntimeException e) {
            failed.increment(ids.size());
            throw e;
        } finally {
            latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Map<Long, Player> query(Collection<Long> ids) throws SQLException {
        Map<Long, Player> found = new HashMap<>();
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
