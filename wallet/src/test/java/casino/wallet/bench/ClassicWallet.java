package casino.wallet.bench;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ApiException;
import casino.common.http.HttpServer;
import casino.common.json.Json;
import casino.wallet.api.DepositForm;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's baseline, the classic design: the same {@code POST /deposit} and
 * {@code POST /wallets/{id}/transactions} contracts on the same HTTP stack (common's Javalin bootstrap, same
 * JSON parsing), where each request is one Postgres transaction: {@code UPDATE ... RETURNING} of the balance
 * (refused if it would go negative) and an {@code INSERT} under the unique key (wallet, fingerprint).
 * {@code durable} chooses Postgres's default {@code synchronous_commit=on} (a commit waits for the WAL
 * flush) or {@code off} (the embedded server's own setting: a crash of Postgres can lose the last commits).
 */
final class ClassicWallet implements AutoCloseable {
    private final HikariDataSource db;
    private final HttpServer http;

    ClassicWallet(Config config, int poolSize, boolean durable, int wallets) throws SQLException {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("classic-wallet");
        hc.setJdbcUrl(config.string(CommonSettings.DATABASE_URL, CommonSettings.DEFAULT_DATABASE_URL));
        hc.setUsername(config.string(CommonSettings.DATABASE_USER, "postgres"));
        hc.setPassword(config.string(CommonSettings.DATABASE_PASSWORD, "postgres"));
        hc.setMaximumPoolSize(poolSize);
        hc.setConnectionInitSql("SET synchronous_commit = " + (durable ? "on" : "off"));
        db = new HikariDataSource(hc);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_wallet, bench_deposit, bench_tx, bench_transfer, bench_hold");
            s.execute("CREATE TABLE bench_hold (id uuid PRIMARY KEY, wallet_id text NOT NULL, fingerprint text NOT NULL, "
                    + "amount bigint NOT NULL, remaining bigint NOT NULL, status text NOT NULL, expires_at timestamptz NOT NULL, "
                    + "UNIQUE (wallet_id, fingerprint))");
            s.execute("CREATE TABLE bench_transfer (from_wallet text NOT NULL, fingerprint text NOT NULL, id uuid NOT NULL, "
                    + "to_wallet text NOT NULL, amount bigint NOT NULL, created timestamptz NOT NULL, PRIMARY KEY (from_wallet, fingerprint))");
            s.execute("CREATE TABLE bench_wallet (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0), "
                    + "refno bigint NOT NULL, held bigint NOT NULL DEFAULT 0 CHECK (held >= 0 AND held <= balance))");
            s.execute("CREATE TABLE bench_tx (wallet_id text NOT NULL, fingerprint text NOT NULL, id uuid NOT NULL, "
                    + "refno bigint NOT NULL, amount bigint NOT NULL, description text, created timestamptz NOT NULL, "
                    + "oldbalance bigint NOT NULL, newbalance bigint NOT NULL, PRIMARY KEY (wallet_id, fingerprint))");
            // every wallet starts with 1000.00, as the wallet under test is seeded
            s.execute("INSERT INTO bench_wallet SELECT 'bench-' || g, 100000, 0 FROM generate_series(0, " + (wallets - 1) + ") g");
        }
        http = HttpServer.start("classic-wallet", 0, List.of(), null, app -> {
            app.post("/deposit", ctx -> {
                DepositForm form = DepositForm.parse(ctx.body());
                Applied a = apply(form.walletId(), form.fingerprint().orElseThrow(), form.amountMinor(), null);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("WalletID", form.walletId());
                body.put("Balance", BigDecimal.valueOf(a.newBalance(), 2));
                body.put("AboveThreshold", false);
                ctx.json(body);
            });
            app.post("/wallets/{id}/transactions", ctx -> {
                JsonNode req = Json.MAPPER.readTree(ctx.body());
                BigDecimal amount = req.get("amount").decimalValue();
                String fingerprint = req.get("fingerprint").asText();
                String description = req.path("description").asText(null);
                Applied a = apply(ctx.pathParam("id"), fingerprint, amount.movePointRight(2).longValueExact(), description);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", a.id());
                body.put("refno", a.refno());
                body.put("amount", amount.setScale(2));
                body.put("fingerprint", fingerprint);
                body.put("description", description);
                body.put("created", a.created());
                body.put("oldbalance", BigDecimal.valueOf(a.newBalance() - amount.movePointRight(2).longValueExact(), 2));
                body.put("newbalance", BigDecimal.valueOf(a.newBalance(), 2));
                ctx.status(201).json(body);
            });
            app.post("/wallets/{id}/holds", ctx -> {
                JsonNode req = Json.MAPPER.readTree(ctx.body());
                long minor = new BigDecimal(req.get("amount").asText()).movePointRight(2).longValueExact();
                ctx.status(201).json(holdView(placeHold(ctx.pathParam("id"), req.get("fingerprint").asText(), minor,
                        req.path("expires_in").asLong(900)), ctx.pathParam("id"), minor, "held", req.path("labels")));
            });
            app.post("/wallets/{id}/holds/{hold}/capture", ctx -> {
                long minor = capture(ctx.pathParam("id"), UUID.fromString(ctx.pathParam("hold")));
                ctx.status(201).json(Map.of("entry", Map.of("amount", BigDecimal.valueOf(-minor, 2), "kind", "capture"),
                        "hold", holdView(UUID.fromString(ctx.pathParam("hold")), ctx.pathParam("id"), minor, "captured", null)));
            });
            app.post("/transfers", ctx -> {
                JsonNode req = Json.MAPPER.readTree(ctx.body());
                String from = req.get("from").asText();
                String to = req.get("to").asText();
                BigDecimal amount = new BigDecimal(req.get("amount").asText());
                UUID id = transfer(from, to, amount.movePointRight(2).longValueExact(), req.get("fingerprint").asText());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("id", id);
                body.put("from", from);
                body.put("to", to);
                body.put("status", "completed");
                body.put("debited", Map.of("amount", amount.setScale(2), "currency", "EUR"));
                body.put("credited", Map.of("amount", amount.setScale(2), "currency", "EUR"));
                ctx.status(201).json(body);
            });
        });
    }

    /**
     * The classic transfer: one transaction updating both rows (in id order, so two opposite transfers
     * cannot deadlock; the source's update refuses an overdraft) and inserting the transfer under the
     * unique key (source, fingerprint).
     */
    private UUID transfer(String from, String to, long minor, String fingerprint) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upd = c.prepareStatement(
                    "UPDATE bench_wallet SET balance = balance + ?, refno = refno + 1 WHERE id = ? AND balance + ? >= 0");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO bench_transfer (from_wallet, fingerprint, id, to_wallet, amount, created) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String wallet : from.compareTo(to) < 0 ? List.of(from, to) : List.of(to, from)) {
                    long delta = wallet.equals(from) ? -minor : minor;
                    upd.setLong(1, delta);
                    upd.setString(2, wallet);
                    upd.setLong(3, delta);
                    if (upd.executeUpdate() != 1) throw new ApiException(422, "insufficient funds or unknown wallet", "amount");
                }
                UUID id = UUID.randomUUID();
                ins.setString(1, from);
                ins.setString(2, fingerprint);
                ins.setObject(3, id);
                ins.setString(4, to);
                ins.setLong(5, minor);
                ins.setTimestamp(6, Timestamp.from(Instant.now()));
                ins.executeUpdate();
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Map<String, Object> holdView(UUID id, String wallet, long minor, String status, JsonNode labels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("wallet", wallet);
        body.put("amount", BigDecimal.valueOf(minor, 2).toPlainString());
        body.put("status", status);
        if (labels != null && !labels.isMissingNode()) body.put("labels", labels);
        return body;
    }

    /** The classic hold: a row lock on the wallet (is the amount available?), the hold inserted, the wallet's held updated. */
    private UUID placeHold(String wallet, String fingerprint, long minor, long expiresInS) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT balance - held FROM bench_wallet WHERE id = ? FOR UPDATE");
                 PreparedStatement ins = c.prepareStatement("INSERT INTO bench_hold (id, wallet_id, fingerprint, amount, remaining, status,"
                         + " expires_at) VALUES (?, ?, ?, ?, ?, 'held', ?)");
                 PreparedStatement upd = c.prepareStatement("UPDATE bench_wallet SET held = held + ? WHERE id = ?")) {
                lock.setString(1, wallet);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next() || rs.getLong(1) < minor) throw new ApiException(422, "insufficient funds", "amount");
                }
                UUID id = UUID.randomUUID();
                ins.setObject(1, id);
                ins.setString(2, wallet);
                ins.setString(3, fingerprint);
                ins.setLong(4, minor);
                ins.setLong(5, minor);
                ins.setTimestamp(6, Timestamp.from(Instant.now().plusSeconds(expiresInS)));
                ins.executeUpdate();
                upd.setLong(1, minor);
                upd.setString(2, wallet);
                upd.executeUpdate();
                c.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The classic capture of all that remains: a row lock on the wallet, the hold and the wallet updated; what it debited. */
    private long capture(String wallet, UUID hold) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM bench_wallet WHERE id = ? FOR UPDATE");
                 PreparedStatement close = c.prepareStatement("UPDATE bench_hold SET remaining = 0, status = 'captured'"
                         + " WHERE id = ? AND wallet_id = ? AND status = 'held' AND expires_at > now() RETURNING amount");
                 PreparedStatement upd = c.prepareStatement("UPDATE bench_wallet SET balance = balance - ?, held = held - ?, refno = refno + 1"
                         + " WHERE id = ?")) {
                lock.setString(1, wallet);
                lock.executeQuery().close();
                close.setObject(1, hold);
                close.setString(2, wallet);
                long minor;
                try (ResultSet rs = close.executeQuery()) {
                    if (!rs.next()) throw new ApiException(422, "hold closed", "hold");
                    minor = rs.getLong(1);
                }
                upd.setLong(1, minor);
                upd.setLong(2, minor);
                upd.setString(3, wallet);
                upd.executeUpdate();
                c.commit();
                return minor;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    record Applied(UUID id, long refno, long newBalance, Instant created) {}

    /** One transaction: the balance and refno move, the (wallet, fingerprint) row records it; 422 if it would overdraw. */
    private Applied apply(String wallet, String fingerprint, long amountMinor, String description) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upd = c.prepareStatement(
                    "UPDATE bench_wallet SET balance = balance + ?, refno = refno + 1 WHERE id = ? AND balance + ? >= 0 "
                            + "RETURNING balance, refno");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO bench_tx (wallet_id, fingerprint, id, refno, amount, description, created, oldbalance, newbalance) "
                                 + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                upd.setLong(1, amountMinor);
                upd.setString(2, wallet);
                upd.setLong(3, amountMinor);
                long balance;
                long refno;
                try (ResultSet rs = upd.executeQuery()) {
                    if (!rs.next()) throw new ApiException(422, "insufficient funds or unknown wallet", "amount");
                    balance = rs.getLong(1);
                    refno = rs.getLong(2);
                }
                Applied a = new Applied(UUID.randomUUID(), refno, balance, Instant.now());
                ins.setString(1, wallet);
                ins.setString(2, fingerprint);
                ins.setObject(3, a.id());
                ins.setLong(4, refno);
                ins.setLong(5, amountMinor);
                ins.setString(6, description);
                ins.setTimestamp(7, Timestamp.from(a.created()));
                ins.setLong(8, balance - amountMinor);
                ins.setLong(9, balance);
                ins.executeUpdate(); // a reused fingerprint violates the key: the transaction rolls back
                c.commit();
                return a;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        db.close();
    }
}
