package casino.enricher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.common.metrics.PrometheusText;
import casino.enricher.pipeline.Enrichment;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EventPrinter;
import casino.fx.FxApi;
import casino.infra.OpenApiContract;
import casino.infra.TestInfra;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The enricher service on the real in-process broker, the embedded Postgres and the real FX API.
 * Each test has its own topics, application id and state directory.
 */
class EnricherIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static FxApi fx;
    private static String bootstrap;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startInfra() {
        bootstrap = TestInfra.kafka().bootstrapServers();
        TestInfra.dataSource();
        fx = FxApi.start(0, Clock.systemUTC());
    }

    @AfterAll
    static void stopFx() {
        fx.close();
    }

    private record Run(EnricherTopics topics, String appId, Config config, ByteArrayOutputStream stdout) {
        EnricherService start(Ticker ticker) {
            return EnricherService.start(config, new EnricherService.Options(appId, topics, new EventPrinter(stdout), ticker));
        }
    }

    /** The service's {@code GET /metrics}, read strictly as Prometheus text. */
    private static List<PrometheusText.Sample> scrape(EnricherService app) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return PrometheusText.parse(r.body());
    }

    private Run run(Map<String, String> extra) {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = new HashMap<>(Map.of(EnricherSettings.FX_API_URL, fx.latestUrl(), EnricherSettings.PORT, "0",
                CommonSettings.STATE_DIR, stateDir.toString()));
        values.putAll(extra);
        return new Run(EnricherTopics.prefixed(id), "enricher-" + id, TestInfra.config(values), new ByteArrayOutputStream());
    }

    private static void send(KafkaProducer<Long, CasinoEvent> producer, String topic, List<CasinoEvent> events) {
        for (CasinoEvent e : events) producer.send(new ProducerRecord<>(topic, e.playerId(), e));
        producer.flush();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(50); // polling interval of a deadline-bounded wait
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    @Test
    void given1000GeneratedEventsAndARestart_whenEnriched_thenEachComesOutExactlyOnceAndUnknownPlayersAreLogged() throws Exception {
        Run run = run(Map.of());
        List<CasinoEvent> events = TestEvents.random(7, 1, 1000);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(Enrichment.class)).addAppender(logs);
        List<ConsumerRecord<Long, CasinoEvent>> out = new ArrayList<>();
        try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap)) {
            try (EnricherService app = run.start(Ticker.systemTicker());
                 KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6)) {
                send(producer, run.topics().events().name(), events.subList(0, 500));
                TestEvents.pollUntil(reader, out, o -> o.size() >= 500, WAIT, "the first 500 enriched events");
                assertTrue(app.stats().enrichedOnArrival() > 0, "the consumer's per-poll lookup is in use: " + app.info());
            }
            // a restart on the same application id and state: no duplicate, nothing lost
            try (EnricherService app = run.start(Ticker.systemTicker());
                 KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6)) {
                send(producer, run.topics().events().name(), events.subList(500, 1000));
                out.clear();
                TestEvents.pollUntil(reader, out, o -> o.size() >= 1000, WAIT, "1000 enriched events");
                reader.poll(Duration.ofSeconds(2)).forEach(out::add); // anything extra would be a duplicate
            }
        } finally {
            ((Logger) LoggerFactory.getLogger(Enrichment.class)).detachAppender(logs);
        }

        assertEquals(1000, out.size(), "exactly 1000 records, no duplicate");
        Set<Long> ids = new TreeSet<>();
        for (ConsumerRecord<Long, CasinoEvent> r : out) {
            CasinoEvent e = r.value();
            ids.add(e.id());
            assertEquals(e.playerId(), r.key(), "keyed by player_id");
            assertNotNull(e.description(), "description");
            assertNotNull(e.player(), "player");
            if (e.type().hasAmount()) assertNotNull(e.amountEur(), "amount_eur on " + e.type());
            if (e.playerId() >= 15) assertEquals("{}", Json.write(e.player()), "unknown player " + e.playerId());
            else assertTrue(e.player().known(), "known player " + e.playerId());
        }
        assertEquals(1000, ids.size());
        assertEquals(1L, ((TreeSet<Long>) ids).first());
        assertEquals(1000L, ((TreeSet<Long>) ids).last());

        Set<Long> unknownIds = new TreeSet<>();
        events.stream().filter(e -> e.playerId() >= 15).forEach(e -> unknownIds.add(e.id()));
        Set<Long> loggedIds = new TreeSet<>();
        for (ILoggingEvent l : logs.list) {
            String m = l.getFormattedMessage();
            if (m.contains("not found") && m.contains("event_id=")) loggedIds.add(Long.parseLong(m.replaceAll(".*event_id=(\\d+).*", "$1")));
        }
        assertTrue(loggedIds.containsAll(unknownIds), "a log line for every event of players 15-19");
        assertEquals(1000, run.stdout().toString(StandardCharsets.UTF_8).lines().count(), "one stdout line per event");
    }

    @Test
    void givenAPlayerRowIsUpdated_whenTheNextEventArrives_thenItCarriesTheNewData() throws Exception {
        Run run = run(Map.of());
        long player = 7100 + (System.nanoTime() & 0xff);
        sql("INSERT INTO players (id, email) VALUES (" + player + ", 'old@example.com') ON CONFLICT (id) DO UPDATE SET email = 'old@example.com'");
        List<ConsumerRecord<Long, CasinoEvent>> out = new ArrayList<>();
        try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap);
             EnricherService app = run.start(Ticker.systemTicker());
             KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6)) {
            String topic = run.topics().events().name();
            send(producer, topic, List.of(CasinoEvent.raw(1, player, 100L, EventType.GAME_START, null, null, null, Instant.now())));
            TestEvents.pollUntil(reader, out, o -> o.size() == 1, WAIT, "the first event");
            assertEquals("old@example.com", out.get(0).value().player().email());

            sql("UPDATE players SET email = 'new@example.com' WHERE id = " + player);
            send(producer, topic, List.of(CasinoEvent.raw(2, player, 100L, EventType.GAME_STOP, null, null, null, Instant.now())));
            TestEvents.pollUntil(reader, out, o -> o.size() == 2, WAIT, "the second event");
            assertEquals("new@example.com", out.get(1).value().player().email());
            assertTrue(out.get(1).value().description().startsWith("Player #" + player + " (new@example.com) stopped playing"));

            List<PrometheusText.Sample> metrics = scrape(app);
            assertEquals(2.0, PrometheusText.sum(metrics, "casino_events_enriched_total", "service", "enricher"));
            assertTrue(PrometheusText.sum(metrics, "casino_player_lookups_total", "result", "found") >= 2, "players found");
            assertTrue(PrometheusText.sum(metrics, "casino_fx_calls_total", "result", "ok") >= 1, "FX calls");
            assertTrue(PrometheusText.sum(metrics, "casino_player_lookup_seconds_count") >= 1, "lookup latency");
            assertTrue(metrics.stream().anyMatch(m -> m.name().startsWith("kafka_stream_")), "Kafka Streams meters");
            assertTrue(metrics.stream().anyMatch(m -> m.name().startsWith("kafka_consumer_")), "Kafka client meters");
            assertTrue(PrometheusText.sum(metrics, "hikaricp_connections_max", "pool", "enricher") > 0, "pool meters");
        }
    }

    @Test
    void givenEventsOneSecondApart_whenEnriched_thenOneFxCallServesThemAndEventsAMinuteLaterCauseAnother() throws Exception {
        Run run = run(Map.of());
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        long before = fx.requestsServed();
        List<ConsumerRecord<Long, CasinoEvent>> out = new ArrayList<>();
        try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap);
             EnricherService app = run.start(nanos::get);
             KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6)) {
            String topic = run.topics().events().name();
            send(producer, topic, List.of(CasinoEvent.raw(1, 10, 100L, EventType.BET, 500L, "USD", false, Instant.now())));
            TestEvents.pollUntil(reader, out, o -> o.size() == 1, WAIT, "event 1");
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            send(producer, topic, List.of(CasinoEvent.raw(2, 11, null, EventType.DEPOSIT, 700L, "GBP", null, Instant.now())));
            TestEvents.pollUntil(reader, out, o -> o.size() == 2, WAIT, "event 2");
            assertEquals(1, fx.requestsServed() - before, "one FX call for two events a second apart");

            nanos.addAndGet(Duration.ofSeconds(60).toNanos());
            send(producer, topic, List.of(CasinoEvent.raw(3, 12, 101L, EventType.BET, 900L, "NZD", true, Instant.now()),
                    CasinoEvent.raw(4, 13, null, EventType.DEPOSIT, 1000L, "USD", null, Instant.now())));
            TestEvents.pollUntil(reader, out, o -> o.size() == 4, WAIT, "events a minute later");
            await(() -> fx.requestsServed() - before == 2, "the second FX call");
            assertEquals(2, fx.requestsServed() - before, "exactly one more call a minute later");
            assertTrue(out.stream().allMatch(r -> r.value().amountEur() != null));
        }
    }

    @Test
    void givenTheFxApiDownForAWhile_whenEventsKeepArriving_thenTheyAreHeldAndAllComeOutOnceItRecovers() throws Exception {
        Run run = run(Map.of(EnricherSettings.FX_CACHE_TTL, "1s", EnricherSettings.FX_MAX_STALENESS, "2s"));
        List<CasinoEvent> events = TestEvents.random(11, 1, 300);
        List<ConsumerRecord<Long, CasinoEvent>> out = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap);
             EnricherService app = run.start(Ticker.systemTicker());
             KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6)) {
            String topic = run.topics().events().name();
            send(producer, topic, events.subList(0, 100));
            TestEvents.pollUntil(reader, out, o -> o.size() == 100, WAIT, "events before the outage");

            fx.failing(true);
            try {
                await(() -> app.rates().state() == casino.enricher.currency.RateCache.State.UNAVAILABLE, "FX rates to become unusable");
                send(producer, topic, events.subList(100, 300));
                await(() -> app.stats().waitingForDependencies() && app.stats().pendingNow() > 0, "events to be held");
                List<PrometheusText.Sample> metrics = scrape(app);
                assertTrue(PrometheusText.sum(metrics, "casino_events_pending") > 0, "events held");
                assertEquals(1.0, PrometheusText.sum(metrics, "casino_enricher_waiting"));
                assertTrue(PrometheusText.sum(metrics, "casino_fx_calls_total", "result", "error") > 0, "failed FX calls");
                JsonNode ready = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + app.port() + "/ready")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertEquals("UNAVAILABLE", ready.get("fx_state").asText());
            } finally {
                fx.failing(false);
            }
            TestEvents.pollUntil(reader, out, o -> o.size() >= 300, WAIT, "every event after the recovery");
            reader.poll(Duration.ofSeconds(2)).forEach(out::add);
            await(() -> app.stats().pendingNow() == 0 && !app.stats().waitingForDependencies(), "nothing held any more");
        }
        assertEquals(300, out.size(), "nothing lost, nothing duplicated");
        assertEquals(300, out.stream().map(r -> r.value().id()).distinct().count());
    }

    @Test
    void givenTheRunningEnricher_thenOpenApiJsonDescribesExactlyTheRegisteredRoutes() {
        try (EnricherService app = run(Map.of()).start(Ticker.systemTicker())) {
            OpenApiContract.assertDescribesExactly(app.port(), app.routes());
        }
    }

    @Test
    void givenBadRecords_whenConsumed_thenTheyReachTheDlqAndTheCountShowsOnReady() throws Exception {
        Run run = run(Map.of());
        HttpClient http = HttpClient.newHttpClient();
        try (EnricherService app = run.start(Ticker.systemTicker());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (String bad : List.of("not json", "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"XYZ\",\"created_at\":\"2022-01-01T00:00:00Z\"}")) {
                raw.send(new ProducerRecord<>(run.topics().events().name(), bad.getBytes(StandardCharsets.UTF_8)));
            }
            raw.flush();
            await(() -> app.stats().deadLetters() == 2, "two dead letters");
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals(2, Json.MAPPER.readTree(ready.body()).get("dead_letters").asLong(), ready.body());
            List<PrometheusText.Sample> metrics = scrape(app);
            assertEquals(1.0, PrometheusText.sum(metrics, "casino_events_dead_lettered_total", "service", "enricher", "reason", "malformed-json"));
            assertEquals(1.0, PrometheusText.sum(metrics, "casino_events_dead_lettered_total", "reason", "unknown-currency"));

            try (var dlq = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", bootstrap,
                    "isolation.level", "read_committed"), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
                List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
                for (int p = 0; p < 6; p++) parts.add(new org.apache.kafka.common.TopicPartition(run.topics().deadLetters().name(), p));
                dlq.assign(parts);
                dlq.seekToBeginning(parts);
                List<ConsumerRecord<byte[], byte[]>> got = TestEvents.pollUntil(dlq, new ArrayList<>(), o -> o.size() == 2, WAIT, "two DLQ records");
                Set<String> reasons = new TreeSet<>();
                got.forEach(r -> reasons.add(new String(r.headers().lastHeader("dlq.reason").value(), StandardCharsets.UTF_8).split(":")[0]));
                assertEquals(Set.of("malformed-json", "unknown-currency"), reasons);
            }
        }
    }

    @Test
    void givenA200KbBadRecord_whenConsumed_thenItIsDeadLetteredAsItCameAndTheNextEventOfItsPartitionIsEnriched() throws Exception {
        Run run = run(Map.of());
        byte[] key = new org.apache.kafka.common.serialization.LongSerializer().serialize("t", 10L);
        // valid JSON whose currency alone is 200 KB: under the source's bound (256 KiB, larger records are
        // dead-lettered as stubs: EnricherEdgeIT), over the reader's 64 KiB; a reason must never repeat it
        byte[] poison = ("{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":5,\"currency\":\"" + "Z".repeat(200_000)
                + "\",\"created_at\":\"2022-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
        CasinoEvent good = CasinoEvent.raw(2, 10, 100L, EventType.GAME_START, null, null, null, Instant.parse("2022-01-10T12:34:00Z"));
        try (EnricherService app = run.start(Ticker.systemTicker());
             KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
             KafkaConsumer<Long, CasinoEvent> reader = TestEvents.reader(bootstrap, run.topics().enriched().name(), 6);
             var dlq = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed",
                     "max.partition.fetch.bytes", 2_000_000), new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                     new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            raw.send(new ProducerRecord<>(run.topics().events().name(), 0, key, poison));
            raw.send(new ProducerRecord<>(run.topics().events().name(), 0, key, Json.write(good).getBytes(StandardCharsets.UTF_8)));
            raw.flush();

            List<ConsumerRecord<Long, CasinoEvent>> out = TestEvents.pollUntil(reader, new ArrayList<>(), o -> !o.isEmpty(), WAIT,
                    "the good event behind the poison record");
            assertEquals(2L, out.get(0).value().id());
            assertNotNull(out.get(0).value().description());

            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < 6; p++) parts.add(new org.apache.kafka.common.TopicPartition(run.topics().deadLetters().name(), p));
            dlq.assign(parts);
            dlq.seekToBeginning(parts);
            ConsumerRecord<byte[], byte[]> dead = TestEvents.pollUntil(dlq, new ArrayList<>(), o -> !o.isEmpty(), WAIT, "the dead letter").get(0);
            assertTrue(java.util.Arrays.equals(poison, dead.value()), "the original bytes");
            String reason = casino.common.kafka.DeadLetter.header(dead.headers(), casino.common.kafka.DeadLetter.REASON);
            assertTrue(reason.startsWith("too-large: ") && reason.length() < 200, reason);
            assertEquals(1, app.stats().deadLetters());
        }
    }
}
