package casino.reporting.mirror;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres side of the mirror: a batch's rows and the consumer offsets after it in ONE
 * transaction, so a crash leaves both or neither. The offsets are updated only where they still
 * hold the value this consumer read ({@link StaleOffsetsException} otherwise): a commit whose answer
 * was lost, or a second writer, makes the consumer seek again instead of writing rows twice.
 * Offset -1 means "from the beginning of the partition".
 */
public final class MirrorStore {
    private static final Logger log = LoggerFactory.getLogger(MirrorStore.class);
    static final String INSERT_WALLET = "INSERT INTO reporting_wallets (id, external_id, currency, labels, created, balance)"
            + " VALUES (?, ?, ?, ?::jsonb, ?, ?)";
    static final String INSERT_ENTRY = "INSERT INTO %s (id, wallet_id, refno, created, kind, amount,"
            + " currency, old_balance, new_balance, fingerprint, description, labels, voids_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    static final String COPY_ENTRIES = "COPY reporting_entries (id, wallet_id, refno, created, kind, amount, currency,"
            + " old_balance, new_balance, fingerprint, description, labels, voids_id) FROM STDIN WITH (FORMAT csv)";
    static final String MARK_VOIDED = "UPDATE reporting_entries SET voided_by = ? WHERE id = ?";
    /** Every wallet's newest balance of the batch in one statement (arrays), not one UPDATE per wallet. */
    static final String UPDATE_BALANCES = "UPDATE reporting_wallets w SET balance = v.balance, last_refno = v.refno"
            + " FROM unnest(?::text[], ?::numeric[], ?::bigint[]) AS v(id, balance, refno)"
            + " WHERE w.id = v.id AND w.last_refno < v.refno";
    static final String UPDATE_OFFSET = "UPDATE reporting_offsets SET next_offset = ?, as_of = greatest(as_of, ?)"
            + " WHERE topic = ? AND partition = ? AND next_offset = ?";
    private final DataSource dataSource;
    private final String topic;

    public MirrorStore(DataSource dataSource, String topic) {
        this.dataSource = dataSource;
        this.topic = topic;
    }

    /** The stored next offset of each partition, creating "-1" (from the beginning) where there is none. */
    public Map<Integer, Long> load(List<Integer> partitions) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO reporting_offsets (topic, partition, next_offset)"
                    + " VALUES (?, ?, -1) ON CONFLICT DO NOTHING")) {
                for (int p : partitions) {
                    insert.setString(1, topic);
                    insert.setInt(2, p);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Map<Integer, Long> stored = new HashMap<>();
            try (PreparedStatement select = c.prepareStatement("SELECT partition, next_offset FROM reporting_offsets WHERE topic = ?")) {
                select.setString(1, topic);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
            return stored;
        }
    }

    /** The time of the newest event applied (stored), or null before the first. */
    public Instant asOf() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT max(as_of) FROM reporting_offsets WHERE topic = ?")) {
            s.setString(1, topic);
            try (ResultSet rs = s.executeQuery()) {
                Timestamp t = rs.next() ? rs.getTimestamp(1) : null;
                return t == null ? null : t.toInstant();
            }
        }
    }

    /** Where the records Postgres refused one by one go (the dead-letter topic), before the transaction that passes them commits. */
    public interface Refusals {
        void send(List<MirrorBatch.Rejected> refused);
    }

    /** {@link #write(MirrorBatch, Map, Map, Refusals)} without refusals: a row Postgres refuses fails the batch. */
    public void write(MirrorBatch batch, Map<Integer, Long> expected, Map<Integer, Long> next) throws SQLException {
        write(batch, expected, next, null);
    }

    /**
     * Writes the batch and moves each partition in {@code next} from its {@code expected} offset, in one
     * transaction. When Postgres refuses the batch for its data (SQLSTATE class 22 or 23: a duplicate id,
     * a value out of range), it is written again row by row, each row in a savepoint: the rows refused
     * go to {@code refusals} with the error, the rest and the offsets past all of them commit together.
     * Any other failure (Postgres down, a timeout) is thrown: the batch is retried whole.
     *
     * @throws StaleOffsetsException if a stored offset is no longer the expected one (nothing is written)
     */
    public void write(MirrorBatch batch, Map<Integer, Long> expected, Map<Integer, Long> next, Refusals refusals)
            throws SQLException {
        try {
            write(batch, expected, next, false, refusals);
        } catch (SQLException e) {
            if (refusals == null || !refusedForItsData(e)) throw e;
            log.warn("Postgres refused a batch of {} records ({}); writing it row by row", batch.records(), e.getMessage());
            write(batch, expected, next, true, refusals);
        }
    }

    private void write(MirrorBatch batch, Map<Integer, Long> expected, Map<Integer, Long> next, boolean rowByRow,
                       Refusals refusals) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                moveOffsets(c, batch, expected, next); // first: a stale batch fails before any row is written
                if (rowByRow) {
                    List<MirrorBatch.Rejected> refused = rowByRow(c, batch);
                    if (!refused.isEmpty()) refusals.send(refused);
                } else {
                    insertWallets(c, batch.wallets);
                    copyEntries(c, batch.entries);
                    markVoided(c, batch.voids);
                }
                updateBalances(c, batch.balances.values());
                HoldRows.upsert(c, batch.holds.values());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
    }

    /** Each wallet, entry and void of the batch in a savepoint of its own; those Postgres refuses, with the error. */
    private static List<MirrorBatch.Rejected> rowByRow(Connection c, MirrorBatch batch) throws SQLException {
        List<MirrorBatch.Rejected> refused = new ArrayList<>();
        for (int i = 0; i < batch.wallets.size(); i++) {
            List<Change.NewWallet> one = List.of(batch.wallets.get(i));
            inSavepoint(c, batch.walletSources.get(i), refused, () -> insertWallets(c, one));
        }
        for (int i = 0; i < batch.entries.size(); i++) {
            List<Change.NewEntry> one = List.of(batch.entries.get(i));
            inSavepoint(c, batch.entrySources.get(i), refused, () -> insertEntries(c, one, "reporting_entries"));
        }
        for (int i = 0; i < batch.voids.size(); i++) {
            List<Change.Voided> one = List.of(batch.voids.get(i));
            inSavepoint(c, batch.voidSources.get(i), refused, () -> markVoided(c, one));
        }
        return refused;
    }

    private interface Rows {
        void write() throws SQLException;
    }

    private static void inSavepoint(Connection c, ConsumerRecord<byte[], byte[]> source, List<MirrorBatch.Rejected> refused,
                                    Rows rows) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            rows.write();
            c.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            if (source == null || !refusedForItsData(e)) throw e;
            c.rollback(savepoint);
            SQLException error = e.getNextException() == null ? e : e.getNextException(); // Postgres's own, not the batch's
            refused.add(new MirrorBatch.Rejected(source, MirrorBatch.Category.REFUSED, "refused by Postgres: " + error.getMessage(),
                    null, error));
        }
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): the data, not Postgres, is at fault. */
    static boolean refusedForItsData(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            if (s.getCause() instanceof SQLException cause && cause != s && refusedForItsData(cause)) return true;
        }
        return false;
    }

    private void moveOffsets(Connection c, MirrorBatch batch, Map<Integer, Long> expected, Map<Integer, Long> next)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(UPDATE_OFFSET)) {
            List<Integer> partitions = List.copyOf(next.keySet());
            for (int p : partitions) {
                s.setLong(1, next.get(p));
                Long ts = batch.newestTimestamps.get(p);
                if (ts == null) s.setNull(2, Types.TIMESTAMP_WITH_TIMEZONE);
                else s.setObject(2, utc(Instant.ofEpochMilli(ts)));
                s.setString(3, topic);
                s.setInt(4, p);
                s.setLong(5, expected.getOrDefault(p, -1L));
                s.addBatch();
            }
            int[] counts = s.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 1) {
                    throw new StaleOffsetsException("stored offset of " + topic + "-" + partitions.get(i)
                            + " is no longer " + expected.get(partitions.get(i)));
                }
            }
        }
    }

    private static void insertWallets(Connection c, List<Change.NewWallet> wallets) throws SQLException {
        if (wallets.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(INSERT_WALLET)) {
            for (Change.NewWallet w : wallets) {
                s.setString(1, w.id());
                s.setString(2, w.externalId().isEmpty() ? null : w.externalId());
                s.setString(3, w.currency());
                s.setString(4, w.labelsJson());
                s.setObject(5, utc(w.created()));
                s.setBigDecimal(6, w.balance());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The entries by COPY (CSV built in memory, sent in one go): the fastest way in, inside the batch's transaction. */
    static void copyEntries(Connection c, List<Change.NewEntry> entries) throws SQLException {
        if (entries.isEmpty()) return;
        StringBuilder csv = new StringBuilder(entries.size() * 256);
        for (Change.NewEntry e : entries) {
            quoted(csv, e.id()).append(',');
            quoted(csv, e.walletId()).append(',').append(e.refno()).append(',');
            csv.append(utc(e.created())).append(',');
            quoted(csv, e.kind()).append(',').append(e.amount().toPlainString()).append(',');
            quoted(csv, e.currency()).append(',').append(e.oldBalance().toPlainString()).append(',')
                    .append(e.newBalance().toPlainString()).append(',');
            quoted(csv, e.fingerprint()).append(',');
            quoted(csv, e.description()).append(',');
            quoted(csv, e.labelsJson()).append(',');
            quoted(csv, e.voidsId()).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_ENTRIES);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
    }

    /** A CSV field quoted, quotes doubled; null as nothing at all (an unquoted empty field is NULL to COPY). */
    private static StringBuilder quoted(StringBuilder csv, String field) {
        if (field == null) return csv;
        csv.append('"');
        for (int i = 0; i < field.length(); i++) {
            char ch = field.charAt(i);
            if (ch == '"') csv.append('"');
            csv.append(ch);
        }
        return csv.append('"');
    }

    /** The entries as one JDBC batch into {@code table} (reporting_entries; the benchmark's baseline uses a copy). */
    public static void insertEntries(Connection c, List<Change.NewEntry> entries, String table) throws SQLException {
        if (entries.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(INSERT_ENTRY.formatted(table))) {
            for (Change.NewEntry e : entries) {
                s.setString(1, e.id());
                s.setString(2, e.walletId());
                s.setLong(3, e.refno());
                s.setObject(4, utc(e.created()));
                s.setString(5, e.kind());
                s.setBigDecimal(6, e.amount());
                s.setString(7, e.currency());
                s.setBigDecimal(8, e.oldBalance());
                s.setBigDecimal(9, e.newBalance());
                s.setString(10, e.fingerprint());
                s.setString(11, e.description());
                s.setString(12, e.labelsJson());
                s.setString(13, e.voidsId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void markVoided(Connection c, List<Change.Voided> voids) throws SQLException {
        if (voids.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(MARK_VOIDED)) {
            for (Change.Voided v : voids) {
                s.setString(1, v.compensationId());
                s.setString(2, v.entryId());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void updateBalances(Connection c, java.util.Collection<Change.Balance> balances) throws SQLException {
        if (balances.isEmpty()) return;
        try (PreparedStatement s = c.prepareStatement(UPDATE_BALANCES)) {
            s.setArray(1, c.createArrayOf("text", balances.stream().map(Change.Balance::walletId).toArray()));
            s.setArray(2, c.createArrayOf("numeric", balances.stream().map(Change.Balance::balance).toArray()));
            s.setArray(3, c.createArrayOf("bigint", balances.stream().map(Change.Balance::refno).toArray()));
            s.executeUpdate();
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
