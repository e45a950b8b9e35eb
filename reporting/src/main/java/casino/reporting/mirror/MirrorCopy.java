package casino.reporting.mirror;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.postgresql.PGConnection;

/**
 * A batch's rows by {@code COPY}: entries (CSV or binary) and wallets straight into their tables; void
 * marks and balances into temporary tables (one per session, emptied at every commit) and from there
 * by one {@code UPDATE ... FROM} each.
 */
final class MirrorCopy {
    static final String ENTRY_COLUMNS = "reporting_entries (id, wallet_id, refno, created, kind, amount, currency,"
            + " old_balance, new_balance, fingerprint, description, labels, voids_id)";
    static final String COPY_ENTRIES = "COPY " + ENTRY_COLUMNS + " FROM STDIN WITH (FORMAT csv)";
    static final String COPY_ENTRIES_BINARY = "COPY " + ENTRY_COLUMNS + " FROM STDIN WITH (FORMAT binary)";
    static final String COPY_WALLETS = "COPY reporting_wallets (id, external_id, currency, labels, created, balance)"
            + " FROM STDIN WITH (FORMAT csv)";
    static final String COPY_VOIDS = "COPY reporting_void_marks (entry_id, voided_by) FROM STDIN WITH (FORMAT csv)";
    static final String MARK_VOIDED = "UPDATE reporting_entries e SET voided_by = v.voided_by FROM reporting_void_marks v"
            + " WHERE e.id = v.entry_id";
    static final String COPY_BALANCES = "COPY reporting_new_balances (id, balance, refno) FROM STDIN WITH (FORMAT csv)";
    static final String UPDATE_BALANCES = "UPDATE reporting_wallets w SET balance = v.balance, last_refno = v.refno"
            + " FROM reporting_new_balances v WHERE w.id = v.id AND w.last_refno < v.refno";
    /** Sessions whose temporary tables exist (by the driver's connection, which outlives the pool's handles). */
    private static final Map<Object, Boolean> PREPARED = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    private MirrorCopy() {}

    /** Creates this session's temporary tables, once, outside any transaction (a rollback cannot undo them). */
    static void prepare(Connection c) throws SQLException {
        Object session = c.unwrap(PGConnection.class);
        if (PREPARED.containsKey(session)) return;
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS reporting_void_marks (entry_id text, voided_by text) ON COMMIT DELETE ROWS");
            s.execute("CREATE TEMP TABLE IF NOT EXISTS reporting_new_balances (id text, balance numeric, refno bigint)"
                    + " ON COMMIT DELETE ROWS");
        }
        PREPARED.put(session, Boolean.TRUE);
    }

    static void entries(Connection c, List<Change.NewEntry> entries, boolean binary) throws SQLException {
        if (entries.isEmpty()) return;
        if (binary) {
            CopyRows rows = CopyRows.binary(entries.size());
            for (Change.NewEntry e : entries) {
                rows.row(13);
                rows.text(e.id());
                rows.text(e.walletId());
                rows.int8(e.refno());
                rows.timestamptz(e.created());
                rows.text(e.kind());
                rows.numeric(e.amount());
                rows.text(e.currency());
                rows.numeric(e.oldBalance());
                rows.numeric(e.newBalance());
                rows.text(e.fingerprint());
                rows.text(e.description());
                rows.jsonb(e.labelsJson());
                rows.text(e.voidsId());
            }
            rows.copyIn(c, COPY_ENTRIES_BINARY, true);
            return;
        }
        CopyRows rows = new CopyRows(entries.size() * 256);
        for (Change.NewEntry e : entries) {
            rows.csv(e.id()).comma().csv(e.walletId()).comma().raw(Long.toString(e.refno())).comma()
                    .raw(MirrorStore.utc(e.created()).toString()).comma().csv(e.kind()).comma()
                    .raw(e.amount().toPlainString()).comma().csv(e.currency()).comma()
                    .raw(e.oldBalance().toPlainString()).comma().raw(e.newBalance().toPlainString()).comma()
                    .csv(e.fingerprint()).comma().csv(e.description()).comma().csv(e.labelsJson()).comma()
                    .csv(e.voidsId()).newline(); // a null voids_id: unquoted empty = NULL
        }
        rows.copyIn(c, COPY_ENTRIES, false);
    }

    static void wallets(Connection c, List<Change.NewWallet> wallets) throws SQLException {
        if (wallets.isEmpty()) return;
        CopyRows rows = new CopyRows(wallets.size() * 160);
        for (Change.NewWallet w : wallets) {
            rows.csv(w.id()).comma().csv(w.externalId().isEmpty() ? null : w.externalId()).comma().csv(w.currency()).comma()
                    .csv(w.labelsJson()).comma().raw(MirrorStore.utc(w.created()).toString()).comma()
                    .raw(w.balance().toPlainString()).newline();
        }
        rows.copyIn(c, COPY_WALLETS, false);
    }

    static void voids(Connection c, List<Change.Voided> voids) throws SQLException {
        if (voids.isEmpty()) return;
        CopyRows rows = new CopyRows(voids.size() * 80);
        for (Change.Voided v : voids) rows.csv(v.entryId()).comma().csv(v.compensationId()).newline();
        rows.copyIn(c, COPY_VOIDS, false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(MARK_VOIDED);
        }
    }

    static void balances(Connection c, Collection<Change.Balance> balances) throws SQLException {
        if (balances.isEmpty()) return;
        CopyRows rows = new CopyRows(balances.size() * 64);
        for (Change.Balance b : balances) {
            rows.csv(b.walletId()).comma().raw(b.balance().toPlainString()).comma().raw(Long.toString(b.refno())).newline();
        }
        rows.copyIn(c, COPY_BALANCES, false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate(UPDATE_BALANCES);
        }
    }
}
