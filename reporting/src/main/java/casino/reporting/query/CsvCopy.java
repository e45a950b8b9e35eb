package casino.reporting.query;

import casino.reporting.query.ReportParams.Window;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * The CSV file of a wallet's operations as Postgres writes it: {@code COPY (SELECT ...) TO STDOUT WITH
 * (FORMAT csv, FORCE_QUOTE *)}, every field quoted and quotes doubled (RFC 4180), the time formatted as
 * in JSON ({@code 2026-01-30T18:46:00.123Z}), numbers as exact decimals, labels as JSON text. Postgres
 * sends one row per message ending in LF; each goes out with CRLF instead, bytes straight to the answer
 * (no strings, no per-field escaping in Java): constant memory. {@link #open} sends the query and reads
 * the first row, so a failure of Postgres is known before any byte of the answer is written.
 */
public final class CsvCopy implements AutoCloseable {
    private static final byte[] HEADER = ("\"" + String.join("\",\"", ReportQuery.OPERATION_FIELDS) + "\"\r\n")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] CRLF = {'\r', '\n'};
    private final Connection connection;
    private final CopyOut copy;
    private byte[] first;

    private CsvCopy(Connection connection, CopyOut copy, byte[] first) {
        this.connection = connection;
        this.copy = copy;
        this.first = first;
    }

    /** COPY takes no parameters: the wallet id is a quoted literal (quotes doubled; standard strings), the times ISO text. */
    public static String sql(String walletId, Window window) {
        return "COPY (SELECT id, refno, to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), kind, amount,"
                + " currency, old_balance, new_balance, fingerprint, description, labels FROM reporting_entries"
                + " WHERE wallet_id = " + literal(walletId) + " AND created >= " + literal(window.from().toString())
                + "::timestamptz AND created <= " + literal(window.to().toString()) + "::timestamptz"
                + " ORDER BY created DESC, refno DESC) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    public static CsvCopy open(DataSource dataSource, String walletId, Window window) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (!c.getAutoCommit()) c.setAutoCommit(true);
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql(walletId, window));
            return new CsvCopy(c, copy, copy.readFromCopy()); // the first row (null: none) before any byte is written
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The header row, then every operation as Postgres sends it, LF turned into CRLF. */
    public long writeTo(OutputStream out) throws SQLException, IOException {
        out.write(HEADER);
        long n = 0;
        for (byte[] row = first; row != null; row = copy.readFromCopy()) {
            first = null;
            int end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
            out.write(row, 0, end);
            out.write(CRLF);
            n++;
        }
        return n;
    }

    /** Stops a COPY not read to the end (the download was aborted) and returns the connection. */
    @Override
    public void close() throws SQLException {
        try {
            if (copy.isActive()) copy.cancelCopy();
        } catch (SQLException ignored) {
            // the session is gone or the copy ended meanwhile: closing the connection below is all that is left
        } finally {
            connection.close();
        }
    }
}
