package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import casino.common.kafka.DeadLetter;
import casino.contract.wallet.proto.Transaction;
import casino.infra.TestInfra;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingService;
import casino.reporting.WalletEvents;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The mirror on a real broker and Postgres: events in, rows out, once each, across restarts and bad records. */
class MirrorIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final String topic = Fixture.newTopic();
    private final WalletEvents events = new WalletEvents();

    @Test
    void everyExternalEventBecomesRowsAndOutcomesAreSkipped() throws Exception {
        // Given a EUR wallet with a deposit, a bet and the bet's void, and a BTC wallet with one satoshi
        String eur = "w-" + UUID.randomUUID();
        String btc = "w-" + UUID.randomUUID();
        List<WalletEvents.Event> in = new ArrayList<>(events.create(eur, "EUR", Map.of("tier", "gold"), 1_000));
        in.addAll(events.entry(eur, "deposit", 10_000, Map.of("source", "card"), 2_000));
        List<WalletEvents.Event> bet = events.entry(eur, "casino_bet", -500, Map.of(), 3_000);
        in.addAll(bet);
        Transaction betEntry = WalletEvents.entryIn(bet);
        in.addAll(events.voidOf(betEntry, 4_000));
        in.addAll(events.create(btc, "BTC", Map.of(), 1_000));
        in.addAll(events.entry(btc, "transfer_in", 1, Map.of(), 2_000));

        // When they are published and the reporting service runs
        try (ReportingService service = Fixture.start(topic); EventProducer producer = new EventProducer(topic)) {
            producer.send(in);
            Fixture.awaitEntries(List.of(eur, btc), 4, WAIT);
            Fixture.await(WAIT, () -> "balance of " + eur, () -> "100.00".equals(query(
                    "SELECT balance::text FROM reporting_wallets WHERE id = ?", eur)));
        }

        // Then each entry is one row with exact amounts, the void marks the bet, outcomes add nothing
        assertEquals(List.of("1|deposit|100.00|0.00|100.00|{\"source\": \"card\"}",
                        "2|casino_bet|-5.00|100.00|95.00|{}", "3|void|5.00|95.00|100.00|{}"),
                rows("SELECT refno || '|' || kind || '|' || amount || '|' || old_balance || '|' || new_balance || '|' || labels"
                        + " FROM reporting_entries WHERE wallet_id = ? ORDER BY refno", eur));
        assertEquals(betEntry.getId(), query("SELECT voids_id FROM reporting_entries WHERE wallet_id = ? AND refno = 3", eur));
        assertEquals(query("SELECT id FROM reporting_entries WHERE wallet_id = ? AND refno = 3", eur),
                query("SELECT voided_by FROM reporting_entries WHERE wallet_id = ? AND refno = 2", eur));
        assertEquals("0.00000001", query("SELECT amount::text FROM reporting_entries WHERE wallet_id = ?", btc));
        assertEquals("0.00000001", query("SELECT balance::text FROM reporting_wallets WHERE id = ?", btc));
        assertEquals("ext-" + eur + "|EUR|{\"tier\": \"gold\"}", query(
                "SELECT external_id || '|' || currency || '|' || labels FROM reporting_wallets WHERE id = ?", eur));
    }

    @Test
    void aBadRecordGoesToTheDeadLetterTopicAndTheMirrorGoesOn() {
        // Given a record that is not a WalletEvent, then a good wallet
        String wallet = "w-" + UUID.randomUUID();
        byte[] garbage = "not protobuf \u0000\u00ff".getBytes(StandardCharsets.UTF_8);
        try (ReportingService service = Fixture.start(topic); EventProducer producer = new EventProducer(topic)) {
            producer.sendRaw(wallet, garbage);
            List<WalletEvents.Event> in = new ArrayList<>(events.create(wallet, "EUR", Map.of(), 1_000));
            in.addAll(events.entry(wallet, "deposit", 700, Map.of(), 2_000));
            producer.send(in);

            // Then the good entry is mirrored and the bad record is a dead letter with the reason and its bytes
            Fixture.awaitEntries(List.of(wallet), 1, WAIT);
            ConsumerRecord<byte[], byte[]> dead = firstRecord(topic + ".dlq");
            assertEquals(wallet, new String(dead.key(), StandardCharsets.UTF_8));
            assertEquals(Arrays.toString(garbage), Arrays.toString(dead.value()));
            assertEquals(topic, DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC));
            assertEquals("reporting", DeadLetter.header(dead.headers(), DeadLetter.SERVICE));
            String reason = DeadLetter.header(dead.headers(), DeadLetter.REASON);
            assertEquals(true, reason.startsWith("malformed protobuf"), reason);
        }
    }

    @Test
    void givenAnEntryWhosePostgresRowExists_whenItComesAgain_thenPostgresRefusesOnlyItAsADeadLetterAndTheMirrorGoesOn() {
        // Given a wallet and a deposit, then the same deposit again (a duplicate id Postgres refuses), then another one
        String wallet = "w-" + UUID.randomUUID();
        List<WalletEvents.Event> in = new ArrayList<>(events.create(wallet, "EUR", Map.of(), 1_000));
        List<WalletEvents.Event> deposit = events.entry(wallet, "deposit", 700, Map.of(), 2_000);
        in.addAll(deposit);
        in.add(deposit.get(1));
        in.addAll(events.entry(wallet, "deposit", 300, Map.of(), 3_000));
        try (ReportingService service = Fixture.start(topic); EventProducer producer = new EventProducer(topic)) {
            producer.send(in);

            // Then both deposits are mirrored once, and the duplicate is a dead letter with Postgres's error
            Fixture.Entries entries = Fixture.awaitEntries(List.of(wallet), 2, WAIT);
            assertEquals(new Fixture.Entries(2, new BigDecimal("10.00"), 2), entries);
            ConsumerRecord<byte[], byte[]> dead = firstRecord(topic + ".dlq");
            String reason = DeadLetter.header(dead.headers(), DeadLetter.REASON);
            assertEquals(true, reason.startsWith("refused by Postgres"), reason);
            assertEquals("org.postgresql.util.PSQLException", DeadLetter.header(dead.headers(), DeadLetter.EXCEPTION));
            assertEquals(Arrays.toString(deposit.get(1).value().toByteArray()), Arrays.toString(dead.value()));
            Fixture.await(WAIT, () -> "balance of " + wallet, () -> "10.00".equals(query(
                    "SELECT balance::text FROM reporting_wallets WHERE id = ?", wallet)));
            Fixture.await(WAIT, () -> "problem " + service.mirror().problem(), () -> service.mirror().problem() == null);
        }
    }

    @Test
    void aRestartResumesAtTheOffsetsStoredInPostgres() {
        // Given 50 entries mirrored by a first instance
        String wallet = "w-" + UUID.randomUUID();
        try (EventProducer producer = new EventProducer(topic)) {
            producer.send(events.create(wallet, "EUR", Map.of(), 1_000));
            for (int i = 0; i < 50; i++) producer.send(events.entry(wallet, "deposit", 100 + i, Map.of(), 2_000 + i));
            try (ReportingService first = Fixture.start(topic)) {
                Fixture.awaitEntries(List.of(wallet), 50, WAIT);
            }
            // When 50 more arrive while it is stopped, and a second instance starts
            for (int i = 0; i < 50; i++) producer.send(events.entry(wallet, "casino_win", 1, Map.of(), 3_000 + i));
            try (ReportingService second = Fixture.start(topic)) {
                Fixture.Entries entries = Fixture.awaitEntries(List.of(wallet), 100, WAIT);
                // Then it mirrors exactly the new ones: nothing doubled (a second copy would fail the unique refno)
                assertEquals(100, entries.count());
                assertEquals(new BigDecimal("62.75"), entries.sum()); // deposits 1.00 + i cents (i < 50): 62.25, wins 50 x 0.01
                Fixture.await(WAIT, () -> "lag " + second.mirror().lag(),
                        () -> !second.mirror().lag().isEmpty() && second.mirror().lag().values().stream().allMatch(l -> l == 0));
                assertNull(second.mirror().problem());
            }
        }
    }

    @Test
    void aWriteFromOffsetsThatMovedIsRefusedWhole() throws Exception {
        // Given stored offsets that another writer (or a commit whose answer was lost) moved to 10
        String wallet = "w-" + UUID.randomUUID();
        MirrorStore store = new MirrorStore(TestInfra.dataSource(), topic);
        assertEquals(Map.of(0, -1L), store.load(List.of(0)));
        MirrorBatch first = new MirrorBatch();
        first.add(EventMapper.map(events.create(wallet, "EUR", Map.of(), 1_000).get(1).value()).orElseThrow());
        store.write(first, Map.of(0, -1L), Map.of(0, 10L));
        // When a batch is written from the offsets read before (-1)
        MirrorBatch stale = new MirrorBatch();
        stale.add(EventMapper.map(events.entry(wallet, "deposit", 100, Map.of(), 2_000).get(1).value()).orElseThrow());
        org.junit.jupiter.api.Assertions.assertThrows(StaleOffsetsException.class,
                () -> store.write(stale, Map.of(0, -1L), Map.of(0, 12L)));
        // Then nothing of it is written and the offsets stay where the other writer left them
        assertEquals(0, Fixture.entries(List.of(wallet)).count());
        assertEquals(Map.of(0, 10L), store.load(List.of(0)));
    }

    static ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            Fixture.await(WAIT, () -> "a record on " + topic, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
                return !got.isEmpty();
            });
            return got.get(0);
        }
    }

    static String query(String sql, String param) {
        List<String> rows = rows(sql, param);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static List<String> rows(String sql, String param) {
        try (Connection c = TestInfra.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) rows.add(rs.getString(1));
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
