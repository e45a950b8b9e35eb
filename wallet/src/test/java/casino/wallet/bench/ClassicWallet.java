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
            s.execute("DROP TABLE IF EXISTS bench_wallet, bench_deposit, bench_tx, bench_transfer");
            s.execute("CREATE TABLE bench_transfer (from_wallet text NOT NULL, fingerprint text NOT NULL, id uuid NOT NULL, "
                    + "to_wallet text NOT NULL, amount bigint NOT NULL, created timestamptz NOT NULL, PRIMARY KEY (from_wallet, fingerprint))");
            s.execute("CREATE TABLE bench_wallet (id text PRIMARY KEY, balance bigint NOT NULL CHECK (balance >= 0), "
                    + "refno bigint NOT NULL)");
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
