package casino.reporting;

import casino.infra.TestInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Shared set-up of the reporting tests: a fresh topic, the service's settings, and reads of the mirrored rows. */
public final class Fixture {
    private Fixture() {}

    /** A topic of its own per test (the mirror's offsets and rows are per topic and wallet). */
    public static String newTopic() {
        return "wallet.events.t-" + UUID.randomUUID();
    }

    /** Settings of a reporting service on a free port mirroring {@code topic} into the test database. */
    public static Map<String, String> settings(String topic, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(TestInfra.database().settings());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfra.kafka().bootstrapServers());
        env.put(ReportingSettings.REPORTING_PORT, "0");
        env.put(ReportingSettings.REPORTING_TOPIC, topic);
        env.put(ReportingSettings.REPORTING_DLQ_TOPIC, topic + ".dlq");
        env.put(ReportingSettings.REPORTING_BATCH_LINGER, "50ms");
        env.put("TOPIC_PARTITIONS", "3");
        env.putAll(extra);
        return env;
    }

    public static ReportingService start(String topic) {
        return ReportingService.start(casino.common.config.Config.of(settings(topic, Map.of())));
    }

    /** Count and sum of the mirrored entries of these wallets, and how many distinct (wallet, refno). */
    public record Entries(long count, BigDecimal sum, long distinct) {}

    public static Entries entries(Collection<String> walletIds) {
        try (Connection c = TestInfra.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*), coalesce(sum(amount), 0),"
                     + " count(DISTINCT (wallet_id, refno)) FROM reporting_entries WHERE wallet_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", walletIds.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Entries(rs.getLong(1), rs.getBigDecimal(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds, failing with the message and the last value seen after the deadline. */
    public static void await(Duration timeout, Supplier<String> message, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("not within " + timeout + ": " + message.get());
            try {
                Thread.sleep(50); // poll interval, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits until exactly {@code count} entries of these wallets are mirrored. */
    public static Entries awaitEntries(Collection<String> walletIds, long count, Duration timeout) {
        Entries[] last = {null};
        await(timeout, () -> "expected " + count + " entries, have " + last[0], () -> {
            last[0] = entries(walletIds);
            return last[0].count() >= count;
        });
        return last[0];
    }

    /** A wallet with {@code count} bets written straight into the mirror's tables (for exports), one millisecond apart. */
    public static void seedEntries(String wallet, int count) throws java.sql.SQLException {
        try (java.sql.Connection c = TestInfra.dataSource().getConnection()) {
            try (java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO reporting_wallets (id, currency, created, balance)"
                    + " VALUES (?, 'EUR', now() - interval '2 days', 0)")) {
                s.setString(1, wallet);
                s.executeUpdate();
            }
            try (java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO reporting_entries (id, wallet_id, refno, created, kind,"
                    + " amount, currency, old_balance, new_balance, fingerprint, description, labels)"
                    + " SELECT gen_random_uuid()::text, ?, n, now() - interval '1 day' + n * interval '1 millisecond',"
                    + " 'casino_bet', -1.25, 'EUR', 1000.00 - n * 1.25 + 1.25, 1000.00 - n * 1.25, 'fp-' || n,"
                    + " 'bet ' || n || ', \"roulette\"', '{\"game\": \"roulette\"}'::jsonb FROM generate_series(1, ?) n")) {
                s.setString(1, wallet);
                s.setInt(2, count);
                s.executeUpdate();
            }
        }
    }
}
