package casino.reporting.mirror;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * reporting_holds: each hold's newest state, written in the batch's transaction (so with its offsets). A hold's
 * events come in order on its wallet's partition and a batch keeps the newest of each, so the row is upserted as
 * is. Known gap: a hold whose row Postgres refuses fails the batch (there is no row-by-row path for holds).
 */
final class HoldRows {
    static final String UPSERT = "INSERT INTO reporting_holds (id, wallet_id, seq, amount, captured, remaining, currency, status,"
            + " created, expires_at, closed_at, fingerprint, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (id) DO UPDATE SET captured = EXCLUDED.captured, remaining = EXCLUDED.remaining,"
            + " status = EXCLUDED.status, closed_at = EXCLUDED.closed_at";

    private HoldRows() {}

    static void upsert(Connection c, Collection<Change.HoldState> holds) throws SQLException {
        if (holds.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Change.HoldState h : holds) {
                s.setString(1, h.id());
                s.setString(2, h.walletId());
                s.setLong(3, h.seq());
                s.setBigDecimal(4, h.amount());
                s.setBigDecimal(5, h.captured());
                s.setBigDecimal(6, h.remaining());
                s.setString(7, h.currency());
                s.setString(8, h.status());
                s.setObject(9, MirrorStore.utc(h.created()));
                s.setObject(10, MirrorStore.utc(h.expiresAt()));
                s.setObject(11, h.closedAt() == null ? null : MirrorStore.utc(h.closedAt()));
                s.setString(12, h.fingerprint());
                s.setString(13, h.labelsJson());
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
