package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.common.kafka.DeadLetter;
import casino.common.event.Player;
import casino.enricher.player.PlayerHeader;
import casino.enricher.player.PlayerLookup;
import casino.infra.TestInfra;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The whole topology on TopologyTestDriver, with the real (embedded) Postgres for players and
 * fixed FX rates on a manual clock.
 */
class EnricherTopologyTest {
    private static final EnricherTopics TOPICS = EnricherDriver.TOPICS;

    @TempDir
    Path stateDir;

    private final Map<String, BigDecimal> rates = new HashMap<>(Map.of(
            "USD", new BigDecimal("1.0684"), "GBP", new BigDecimal("0.85"), "NZD", new BigDecimal("1.8"),
            "BTC", new BigDecimal("0.00002"), "EUR", BigDecimal.ONE));
    private final AtomicBoolean fxDown = new AtomicBoolean();
    private final AtomicLong nanos = new AtomicLong(1);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final EnricherStats stats = new EnricherStats();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private SwitchableDataSource db;
    private TopologyTestDriver driver;
    private TestInputTopic<Long, CasinoEvent> events;
    private TestInputTopic<byte[], byte[]> rawEvents;
    private TestOutputTopic<Long, CasinoEvent> enriched;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private PlayerLookup lookup;

    @BeforeEach
    void start() {
        start(1);
    }

    private void start(int batchSize) {
        if (driver != null) driver.close();
        EnricherDriver fixture = new EnricherDriver(stateDir, batchSize, rates, fxDown, nanos, stdout, stats);
        db = fixture.db;
        lookup = fixture.lookup;
        driver = fixture.driver;
        events = fixture.events;
        rawEvents = fixture.rawEvents;
        enriched = fixture.enriched;
        deadLetters = fixture.deadLetters;
        logs.start();
        ((Logger) LoggerFactory.getLogger(Enrichment.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        driver.close();
        ((Logger) LoggerFactory.getLogger(Enrichment.class)).detachAppender(logs);
    }

    private static CasinoEvent event(long id, long player, Long game, EventType type, Long amount, String currency, Boolean won, String at) {
        return CasinoEvent.raw(id, player, game, type, amount, currency, won, Instant.parse(at));
    }

    private void send(CasinoEvent e) {
        events.pipeInput(e.playerId(), e);
    }

    private CasinoEvent only() {
        List<CasinoEvent> out = enriched.readValuesToList();
        assertEquals(1, out.size(), "one enriched event: " + out);
        return out.get(0);
    }

    @Test
    void givenTheIssueExamples_whenEnriched_thenDescriptionsAmountsAndPlayersMatch() {
        send(event(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:56.789Z"));
        CasinoEvent start = only();
        assertEquals("Player #10 (john@example.com) started playing a game \"Rocket Dice\" on January 10th, 2022 at 12:34 UTC.", start.description());
        assertNull(start.amountEur());

        send(event(2, 11, 101L, EventType.BET, 500L, "USD", false, "2022-02-02T23:45:00Z"));
        CasinoEvent bet = only();
        assertEquals(468L, bet.amountEur());
        assertEquals("Player #11 (jane@example.com) placed a bet of 5 USD (4.68 EUR) on a game \"It's bananas!\" on February 2nd, 2022 at 23:45 UTC.", bet.description());

        send(event(3, 12, null, EventType.DEPOSIT, 10000L, "EUR", null, "2022-03-03T12:12:00Z"));
        CasinoEvent deposit = only();
        assertEquals(10000L, deposit.amountEur(), "EUR passes through unconverted");
        assertEquals("Player #12 (bob@example.com) made a deposit of 100 EUR on March 3rd, 2022 at 12:12 UTC.", deposit.description());

        send(event(4, 13, 102L, EventType.GAME_STOP, null, null, null, "2022-03-04T01:02:00Z"));
        assertEquals("Player #13 (rick@example.com) stopped playing a game \"Wild Spin\" on March 4th, 2022 at 01:02 UTC.", only().description());
    }

    @Test
    void givenABet_whenEnriched_thenTheOutputHasExactlyTheContractKeysKeyedByPlayer() throws Exception {
        send(event(7, 10, 105L, EventType.BET, 1999L, "NZD", true, "2022-01-10T12:34:56.789Z"));
        TestRecord<Long, CasinoEvent> record = enriched.readRecord();
        assertEquals(10L, record.key());
        JsonNode json = Json.MAPPER.readTree(Json.write(record.value()));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("id", "player_id", "game_id", "type", "amount", "currency", "has_won", "created_at",
                "amount_eur", "player", "description"), keys);
        assertEquals(1111L, json.get("amount_eur").asLong());
        assertEquals("john@example.com", json.get("player").get("email").asText());
        assertTrue(json.get("player").get("last_signed_in_at").asText().endsWith("Z"));
        assertEquals("2022-01-10T12:34:56.789Z", json.get("created_at").asText());
        assertTrue(record.value().description().contains("placed a bet of 19.99 NZD (11.11 EUR) and won on a game \"Western Gold 2\""));
    }

    @Test
    void givenBtcAndRoundingEdgeCases_whenEnriched_thenEurCentsAreExactHalfEven() {
        send(event(1, 10, null, EventType.DEPOSIT, 100_000L, "BTC", null, "2022-01-10T12:34:00Z"));
        CasinoEvent btc = only();
        assertEquals(5000L, btc.amountEur());
        assertTrue(btc.description().contains("made a deposit of 0.001 BTC (50 EUR)"), btc.description());

        rates.put("USD", new BigDecimal("2")); // takes effect on the next FX call, a minute later
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        send(event(2, 10, null, EventType.DEPOSIT, 5L, "USD", null, "2022-01-10T12:35:00Z")); // triggers the refresh
        enriched.readValuesToList();
        send(event(3, 10, null, EventType.DEPOSIT, 5L, "USD", null, "2022-01-10T12:35:00Z"));  // 0.025 -> 0.02
        send(event(4, 10, null, EventType.DEPOSIT, 7L, "USD", null, "2022-01-10T12:35:00Z"));  // 0.035 -> 0.04
        send(event(5, 10, null, EventType.DEPOSIT, 1L, "USD", null, "2022-01-10T12:35:00Z"));  // 0.005 -> 0.00
        assertEquals(List.of(2L, 4L, 0L), enriched.readValuesToList().stream().map(CasinoEvent::amountEur).toList());
    }

    @Test
    void givenAnUnknownPlayerAndAnUnknownGame_whenEnriched_thenPlayerIsEmptyAndOneLogLineNamesThem() {
        send(event(42, 15, 999L, EventType.GAME_START, null, null, null, "2022-01-21T08:00:00Z"));
        CasinoEvent e = only();
        assertEquals("{}", Json.write(e.player()));
        assertEquals("Player #15 started playing a game #999 on January 21st, 2022 at 08:00 UTC.", e.description());
        List<ILoggingEvent> lines = logs.list.stream().filter(l -> l.getFormattedMessage().contains("not found")).toList();
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).getFormattedMessage().contains("player_id=15"), lines.get(0).getFormattedMessage());
        assertTrue(lines.get(0).getFormattedMessage().contains("event_id=42"), lines.get(0).getFormattedMessage());
    }

    @Test
    void givenEveryKindOfBadInput_whenConsumed_thenEachGoesToTheDlqWithItsReasonAndOriginalBytesAndProcessingContinues() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("malformed-json", "{\"id\": 1,");
        bad.put("unknown-type", "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"jackpot\",\"created_at\":\"2022-01-01T00:00:00Z\"}");
        bad.put("missing-field", "{\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-01T00:00:00Z\"}");
        bad.put("negative-amount", "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":-5,\"currency\":\"EUR\",\"created_at\":\"2022-01-01T00:00:00Z\"}");
        bad.put("unknown-currency", "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"XYZ\",\"created_at\":\"2022-01-01T00:00:00Z\"}");
        byte[] key = new LongSerializer().serialize("t", 10L);
        for (String json : bad.values()) rawEvents.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
        send(event(9, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"));

        List<TestRecord<byte[], byte[]>> dlq = deadLetters.readRecordsToList();
        assertEquals(bad.size(), dlq.size());
        int i = 0;
        for (var entry : bad.entrySet()) {
            TestRecord<byte[], byte[]> r = dlq.get(i++);
            assertArrayEquals(entry.getValue().getBytes(StandardCharsets.UTF_8), r.value(), "original bytes");
            assertArrayEquals(key, r.key(), "original key");
            Header reason = r.headers().lastHeader(DeadLetter.REASON);
            assertTrue(new String(reason.value(), StandardCharsets.UTF_8).startsWith(entry.getKey() + ": "),
                    new String(reason.value(), StandardCharsets.UTF_8));
            assertEquals("casino.events", DeadLetter.header(r.headers(), DeadLetter.SOURCE_TOPIC));
            assertEquals("enricher", DeadLetter.header(r.headers(), DeadLetter.SERVICE));
        }
        assertEquals(5, stats.deadLetters());
        assertEquals(9L, only().id(), "a good event after the bad ones is still enriched");
    }

    @Test
    void givenGoJsonWithZeroValuesWrittenOrOmitted_whenEnriched_thenTheOutputKeysFollowTheRules() throws Exception {
        String zeros = ",\"amount_eur\":0,\"player\":{\"email\":\"\",\"last_signed_in_at\":\"0001-01-01T00:00:00Z\"},\"description\":\"\"}";
        for (String go : List.of(
                "{\"id\":1,\"player_id\":11,\"game_id\":101,\"type\":\"bet\",\"amount\":500,\"currency\":\"USD\",\"created_at\":\"2022-02-02T23:45:12.89+00\"}",
                "{\"id\":2,\"player_id\":12,\"game_id\":0,\"type\":\"deposit\",\"amount\":10000,\"currency\":\"EUR\",\"has_won\":false,\"created_at\":\"2022-03-03T14:12:12+02:00\"" + zeros,
                "{\"id\":3,\"player_id\":13,\"game_id\":102,\"type\":\"game_stop\",\"amount\":0,\"currency\":\"\",\"has_won\":false,\"created_at\":\"2022-03-04T01:02:00.123456Z\"" + zeros)) {
            rawEvents.pipeInput(new LongSerializer().serialize("t", 10L), go.getBytes(StandardCharsets.UTF_8));
        }
        List<JsonNode> out = new ArrayList<>();
        for (CasinoEvent e : enriched.readValuesToList()) out.add(Json.MAPPER.readTree(Json.write(e)));
        assertTrue(deadLetters.isEmpty(), "nothing dead-lettered");
        assertEquals(List.of(
                List.of("id", "player_id", "game_id", "type", "amount", "currency", "has_won", "created_at", "amount_eur", "player", "description"),
                List.of("id", "player_id", "type", "amount", "currency", "created_at", "amount_eur", "player", "description"),
                List.of("id", "player_id", "game_id", "type", "created_at", "player", "description")),
                out.stream().map(n -> { List<String> keys = new ArrayList<>(); n.fieldNames().forEachRemaining(keys::add); return keys; }).toList());
        assertEquals("false", out.get(0).get("has_won").asText(), "a losing bet without has_won");
        assertEquals(List.of("2022-02-02T23:45:12.890Z", "2022-03-03T12:12:12.000Z", "2022-03-04T01:02:00.123Z"),
                out.stream().map(n -> n.get("created_at").asText()).toList(), "UTC, milliseconds");
        assertEquals(468L, out.get(0).get("amount_eur").asLong());
        assertEquals("jane@example.com", out.get(0).get("player").get("email").asText(), "the player from Postgres, not Go's zero player");
    }

    @Test
    void givenFxRatesUnavailable_whenEventsArrive_thenNothingIsEmittedUntilTheApiAnswersThenAllComeOutInOrder() {
        fxDown.set(true);
        send(event(1, 10, 100L, EventType.BET, 500L, "USD", false, "2022-01-10T12:34:00Z"));
        send(event(2, 11, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:35:00Z"));
        send(event(3, 12, null, EventType.DEPOSIT, 100L, "EUR", null, "2022-01-10T12:36:00Z"));
        assertTrue(enriched.isEmpty(), "no guess without rates");
        assertEquals(3, stats.pendingNow());

        driver.advanceWallClockTime(Duration.ofSeconds(5)); // retries while still down: still held
        assertTrue(enriched.isEmpty());

        fxDown.set(false);
        for (int s = 0; s < 120 && stats.pendingNow() > 0; s++) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertEquals(List.of(1L, 2L, 3L), enriched.readValuesToList().stream().map(CasinoEvent::id).toList());
        assertEquals(0, stats.pendingNow());
        assertEquals(468L, readBack(1));
    }

    private Long readBack(long id) {
        return Json.read(stdout.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{\"id\":" + id + ",")).findFirst().orElseThrow(),
                CasinoEvent.class).amountEur();
    }

    @Test
    void givenPostgresDown_whenEventsArrive_thenTheyAreHeldAndEmittedWithTheirLookupOncePostgresIsBack() {
        try (HikariDataSource dead = Database.pool(Config.of(Map.of(CommonSettings.DATABASE_URL, "jdbc:postgresql://localhost:1/postgres")), "dead")) {
            dead.getHikariConfigMXBean().setConnectionTimeout(300);
            db.switchTo(dead);
            send(event(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"));
            send(event(2, 16, 100L, EventType.GAME_STOP, null, null, null, "2022-01-10T12:35:00Z"));
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            assertTrue(enriched.isEmpty(), "no event without its lookup");
            assertEquals(2, stats.pendingNow());

            db.switchTo(TestInfra.dataSource());
            for (int s = 0; s < 120 && stats.pendingNow() > 0; s++) driver.advanceWallClockTime(Duration.ofSeconds(1));
            List<CasinoEvent> out = enriched.readValuesToList();
            assertEquals(List.of(1L, 2L), out.stream().map(CasinoEvent::id).toList());
            assertEquals("john@example.com", out.get(0).player().email());
            assertEquals("{}", Json.write(out.get(1).player()));
        }
    }

    @Test
    void givenBatchesOf50_whenEventsArrive_thenFullBatchesGoAtOnceTheRestAfterTheLingerAndEachBatchIsOneQuery() {
        start(50);
        for (long id = 1; id <= 120; id++) {
            send(event(id, 10 + id % 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"));
        }
        assertEquals(100, enriched.readValuesToList().size(), "two full batches emitted on arrival");
        assertEquals(20, stats.pendingNow());
        assertEquals(2, lookup.queries());

        driver.advanceWallClockTime(Duration.ofMillis(20));
        List<CasinoEvent> rest = enriched.readValuesToList();
        assertEquals(java.util.stream.LongStream.rangeClosed(101, 120).boxed().toList(), rest.stream().map(CasinoEvent::id).toList());
        assertEquals(3, lookup.queries(), "one query per batch");
        assertEquals(0, stats.pendingNow());
        assertTrue(rest.stream().allMatch(e -> e.player() != null && e.description() != null));
    }

    @Test
    void givenEnrichedEvents_whenPrinted_thenStdoutHasExactlyOneJsonLinePerOutputRecord() {
        for (long id = 1; id <= 20; id++) {
            send(event(id, 10 + id % 10, 100 + id % 10, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"));
        }
        rawEvents.pipeInput(null, "garbage".getBytes(StandardCharsets.UTF_8));
        driver.advanceWallClockTime(Duration.ofMillis(20)); // printed lines reach stdout every linger
        List<CasinoEvent> out = enriched.readValuesToList();
        List<String> lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(20, lines.size());
        assertEquals(out, lines.stream().map(l -> Json.read(l, CasinoEvent.class)).toList());
    }

    private void sendLookedUp(CasinoEvent e, Player polled) {
        Headers headers = new RecordHeaders().add(PlayerHeader.NAME, PlayerHeader.encode(e.playerId(), polled));
        events.pipeInput(new TestRecord<>(e.playerId(), e, headers, (Instant) null));
    }

    @Test
    void givenRecordsLookedUpByTheirPoll_whenConsumed_thenEachIsEnrichedAtOnceWithThatLookupAndNoQueryOrStoreOfItsOwn() {
        start(50);
        sendLookedUp(event(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"),
                new Player("polled@example.com", null));
        sendLookedUp(event(2, 15, 100L, EventType.BET, 500L, "USD", false, "2022-01-10T12:35:00Z"), null);

        List<TestRecord<Long, CasinoEvent>> out = enriched.readRecordsToList();
        assertEquals(List.of(1L, 2L), out.stream().map(r -> r.value().id()).toList(), "both at once, no batch to wait for");
        assertEquals("polled@example.com", out.get(0).value().player().email(), "the poll's lookup, not a second one");
        assertEquals("{}", Json.write(out.get(1).value().player()));
        assertEquals(468L, out.get(1).value().amountEur());
        assertEquals(0, lookup.queries());
        assertEquals(0, stats.pendingNow());
        assertEquals(2, stats.enrichedOnArrival());
        assertTrue(out.stream().allMatch(r -> r.headers().lastHeader(PlayerHeader.NAME) == null), "the lookup header is not produced");
    }

    @Test
    void givenAnEventPendingAhead_whenALookedUpEventArrives_thenItQueuesBehindAndBothComeOutInOrder() {
        start(50);
        send(event(1, 11, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:00Z"));
        sendLookedUp(event(2, 10, 100L, EventType.GAME_STOP, null, null, null, "2022-01-10T12:35:00Z"),
                new Player("polled@example.com", null));
        assertTrue(enriched.isEmpty(), "the second waits behind the first");
        assertEquals(2, stats.pendingNow());

        driver.advanceWallClockTime(Duration.ofMillis(20));
        List<CasinoEvent> out = enriched.readValuesToList();
        assertEquals(List.of(1L, 2L), out.stream().map(CasinoEvent::id).toList());
        assertEquals(1, lookup.queries(), "one query for the batch, made when it went");
        assertEquals("john@example.com", out.get(1).player().email(), "looked up again when its batch went");
    }

    @Test
    void givenABadRecordWithALookup_whenDeadLettered_thenTheLookupHeaderIsNotPassedOn() {
        Headers headers = new RecordHeaders().add(PlayerHeader.NAME, PlayerHeader.encode(10L, null));
        rawEvents.pipeInput(new TestRecord<>(new LongSerializer().serialize("t", 10L), "{\"id\": 1,".getBytes(StandardCharsets.UTF_8),
                headers, (Instant) null));
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertNull(dead.headers().lastHeader(PlayerHeader.NAME));
        assertTrue(new String(dead.headers().lastHeader(DeadLetter.REASON).value(), StandardCharsets.UTF_8).startsWith("malformed-json"));
    }
}
