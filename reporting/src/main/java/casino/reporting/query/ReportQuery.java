package casino.reporting.query;

import casino.common.json.Json;
import casino.reporting.query.ReportParams.Label;
import casino.reporting.query.ReportParams.Page;
import casino.reporting.query.ReportParams.Window;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The reports' SQL over the mirrored tables: a wallet's operations (newest first, paged), the same
 * as a CSV file written by Postgres ({@link CsvCopy}), in/out totals, and label search (jsonb containment,
 * served by the GIN indexes). Rows are exact decimals; an operation has the same fields in JSON and CSV.
 */
public final class ReportQuery {
    /** The fields of an operation, in the order of the CSV header. */
    public static final List<String> OPERATION_FIELDS = List.of("id", "refno", "created", "kind", "amount", "currency",
            "oldbalance", "newbalance", "fingerprint", "description", "labels");
    private static final String OPERATION_COLUMNS = "id, refno, created, kind, amount, currency, old_balance, new_balance,"
            + " fingerprint, description, labels::text, wallet_id";
    private static final String IN_WINDOW = "wallet_id = ? AND created >= ? AND created <= ?";
    private final DataSource dataSource;

    public ReportQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public record Wallet(String id, String externalId, String currency, String labelsJson, Instant created, BigDecimal balance) {}

    public record Totals(BigDecimal in, BigDecimal out, long count) {}

    /** One page of rows and how many match in all. */
    public record Found(List<Map<String, Object>> rows, long total) {}

    public Optional<Wallet> wallet(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, external_id, currency, labels::text, created, balance"
                     + " FROM reporting_wallets WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(wallet(rs)) : Optional.empty();
            }
        }
    }

    public Found operations(String walletId, Window window, Page page) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reporting_entries WHERE " + IN_WINDOW)) {
                bindWindow(s, walletId, window);
                total = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + OPERATION_COLUMNS + " FROM reporting_entries WHERE "
                    + IN_WINDOW + " ORDER BY created DESC, refno DESC OFFSET ? LIMIT ?")) {
                bindWindow(s, walletId, window);
                s.setInt(4, page.offset());
                s.setInt(5, page.limit());
                return new Found(operations(s, false), total);
            }
        }
    }

    /** The CSV file by COPY, its first row read (see {@link CsvCopy}). */
    /** A wallet's holds, open and closed, newest first ({@code status} null: all). */
    public Found holds(String walletId, String status, Page page) throws SQLException {
        String where = " FROM reporting_holds WHERE wallet_id = ?" + (status == null ? "" : " AND status = ?");
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*)" + where)) {
                s.setString(1, walletId);
                if (status != null) s.setString(2, status);
                total = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT id, amount, captured, remaining, currency, status, created,"
                    + " expires_at, closed_at, fingerprint, labels" + where + " ORDER BY seq DESC OFFSET ? LIMIT ?")) {
                int i = 1;
                s.setString(i++, walletId);
                if (status != null) s.setString(i++, status);
                s.setInt(i++, page.offset());
                s.setInt(i, page.limit());
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> h = new LinkedHashMap<>();
                        h.put("id", rs.getString(1));
                        h.put("amount", rs.getBigDecimal(2));
                        h.put("captured", rs.getBigDecimal(3));
                        h.put("remaining", rs.getBigDecimal(4));
                        h.put("currency", rs.getString(5));
                        h.put("status", rs.getString(6));
                        h.put("created", Json.formatInstant(rs.getTimestamp(7).toInstant()));
                        h.put("expires_at", Json.formatInstant(rs.getTimestamp(8).toInstant()));
                        h.put("closed_at", rs.getTimestamp(9) == null ? null : Json.formatInstant(rs.getTimestamp(9).toInstant()));
                        h.put("fingerprint", rs.getString(10));
                        h.put("labels", json(rs.getString(11)));
                        rows.add(h);
                    }
                }
                return new Found(rows, total);
            }
        }
    }

    public CsvCopy openCsvCopy(String walletId, Window window) throws SQLException {
        return CsvCopy.open(dataSource, walletId, window);
    }

    public Totals totals(String walletId, Window window, int scale) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT coalesce(sum(amount) FILTER (WHERE amount > 0), 0),"
                     + " coalesce(-sum(amount) FILTER (WHERE amount < 0), 0), count(*) FROM reporting_entries WHERE " + IN_WINDOW)) {
            bindWindow(s, walletId, window);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Totals(rs.getBigDecimal(1).setScale(scale), rs.getBigDecimal(2).setScale(scale),
                        rs.getLong(3));
            }
        }
    }

    public Found searchWallets(List<Label> labels, Page page) throws SQLException {
        String where = containsAll(labels);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reporting_wallets WHERE " + where)) {
                bindLabels(s, labels, 1);
                total = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT id, external_id, currency, labels::text, created, balance"
                    + " FROM reporting_wallets WHERE " + where + " ORDER BY created DESC, id OFFSET ? LIMIT ?")) {
                int i = bindLabels(s, labels, 1);
                s.setInt(i, page.offset());
                s.setInt(i + 1, page.limit());
                List<Map<String, Object>> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) rows.add(walletJson(wallet(rs)));
                }
                return new Found(rows, total);
            }
        }
    }

    public Found searchTransactions(List<Label> labels, String walletId, Page page) throws SQLException {
        String where = containsAll(labels) + (walletId == null ? "" : " AND wallet_id = ?");
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM reporting_entries WHERE " + where)) {
                int i = bindLabels(s, labels, 1);
                if (walletId != null) s.setString(i, walletId);
                total = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("SELECT " + OPERATION_COLUMNS + " FROM reporting_entries WHERE "
                    + where + " ORDER BY created DESC, wallet_id, refno DESC OFFSET ? LIMIT ?")) {
                int i = bindLabels(s, labels, 1);
                if (walletId != null) s.setString(i++, walletId);
                s.setInt(i, page.offset());
                s.setInt(i + 1, page.limit());
                return new Found(operations(s, true), total);
            }
        }
    }

    private static String containsAll(List<Label> labels) {
        return String.join(" AND ", labels.stream().map(l -> "labels @> ?::jsonb").toList());
    }

    private static int bindLabels(PreparedStatement s, List<Label> labels, int first) throws SQLException {
        int i = first;
        for (Label l : labels) {
            try {
                s.setString(i++, Json.MAPPER.writeValueAsString(Map.of(l.key(), l.value())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings is always JSON", e);
            }
        }
        return i;
    }

    private static void bindWindow(PreparedStatement s, String walletId, Window window) throws SQLException {
        s.setString(1, walletId);
        s.setObject(2, window.from().atOffset(ZoneOffset.UTC));
        s.setObject(3, window.to().atOffset(ZoneOffset.UTC));
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Map<String, Object>> operations(PreparedStatement s, boolean withWallet) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("id", rs.getString(1));
                op.put("refno", rs.getLong(2));
                op.put("created", Json.formatInstant(rs.getTimestamp(3).toInstant()));
                op.put("kind", rs.getString(4));
                op.put("amount", rs.getBigDecimal(5));
                op.put("currency", rs.getString(6));
                op.put("oldbalance", rs.getBigDecimal(7));
                op.put("newbalance", rs.getBigDecimal(8));
                op.put("fingerprint", rs.getString(9));
                op.put("description", rs.getString(10));
                op.put("labels", json(rs.getString(11)));
                if (withWallet) op.put("wallet", rs.getString(12));
                rows.add(op);
            }
        }
        return rows;
    }

    private static Wallet wallet(ResultSet rs) throws SQLException {
        return new Wallet(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getBigDecimal(6));
    }

    static Map<String, Object> walletJson(Wallet w) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", w.id());
        json.put("externalId", w.externalId());
        json.put("currency", w.currency());
        json.put("balance", w.balance());
        json.put("labels", json(w.labelsJson()));
        json.put("created", Json.formatInstant(w.created()));
        return json;
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
