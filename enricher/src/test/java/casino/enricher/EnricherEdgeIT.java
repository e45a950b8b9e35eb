package casino.enricher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.event.CasinoEvent;
import casino.common.event.EventReader;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.RecordLimit;
import casino.common.metrics.PrometheusText;
import casino.enricher.pipeline.EnricherTopics;
import casino.enricher.pipeline.EventPrinter;
import casino.fx.FxApi;
import casino.infra.TestInfra;
import casino.infra.TopicReader;
import casino.infra.UpstreamEvents;
import com.github.benmanes.caffeine.cache.Ticker;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enricher on the real broker, Postgres and FX API against what real upstream producers send: the
 * original Go generator's stream (every field on every type, ids restarting at 1) and records far
 * larger than any event, in the value or in a header.
 */
class EnricherEdgeIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int TWO_MB = 2 * 1024 * 1024;
    private static FxApi fx;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startInfra() {
        TestInfra.kafka();
        TestInfra.dataSource();
        fx = FxApi.start(0, Clock.systemUTC());
    }

    @AfterAll
    static void stopFx() {
        fx.close();
    }

    private EnricherService start(EnricherTopics topics, String appId) {
        var config = TestInfra.config(Map.of(EnricherSettings.FX_API_URL, fx.latestUrl(), EnricherSettings.PORT, "0",
                CommonSettings.STATE_DIR, stateDir.toString()));
        return EnricherService.start(config, new EnricherService.Options(appId, topics,
                new EventPrinter(new ByteArrayOutputStream()), Ticker.systemTicker()));
    }

    /** A producer that compresses (so the broker takes a 2 MB record) and may send records up to 8 MB. */
    private static KafkaProducer<byte[], byte[]> bigProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024, ProducerConfig.LINGER_MS_CONFIG, 0),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected, Duration within) {
        return TopicReader.fromStart(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), expected, within);
    }

    private static HttpResponse<String> get(EnricherService app, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void givenTheGoGeneratorsStreamThenARestartWithIdsFromOne_whenEnriched_thenAll2500ComeOutAndNoneIsDeadLettered() throws Exception {
        String id = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        EnricherTopics topics = EnricherTopics.prefixed(id);
        List<String> lines = new ArrayList<>(UpstreamEvents.goGenerator(21, 2_000, 1));
        lines.addAll(UpstreamEvents.goGenerator(22, 500, 1)); // the generator restarted: ids from 1 again, other content
        Set<String> sent = new HashSet<>();
        for (String line : lines) {
            CasinoEvent e = EventReader.read(bytes(line));
            sent.add(e.id() + "/" + e.contentDigest());
        }
        assertEquals(2_500, sent.size(), "every (id, digest) differs");

        try (EnricherService app = start(topics, "enricher-" + id); KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            for (String line : lines) {
                long player = EventReader.read(bytes(line)).playerId();
                producer.send(new ProducerRecord<>(topics.events().name(), new LongSerializer().serialize("t", player), bytes(line)));
            }
            producer.flush();
            List<ConsumerRecord<byte[], byte[]>> out = read(topics.enriched().name(), 2_500, WAIT);
            Set<String> enriched = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                CasinoEvent e = Json.MAPPER.readValue(r.value(), CasinoEvent.class);
                enriched.add(e.id() + "/" + e.contentDigest());
                if (!e.type().hasAmount()) assertEquals(null, e.amount(), "no amount on " + e.type());
                if (e.type() == EventType.DEPOSIT) assertEquals(null, e.gameId(), "no game on a deposit");
            }
            assertEquals(2_500, out.size(), "one enriched record per event, no duplicate");
            assertEquals(sent, enriched, "every event, counted by (id, digest)");
            assertEquals(0, read(topics.deadLetters().name(), 0, Duration.ofSeconds(1)).size(), "nothing dead-lettered");
            List<PrometheusText.Sample> metrics = PrometheusText.parse(get(app, "/metrics").body());
            assertTrue(PrometheusText.sum(metrics, "casino_events_fields_ignored_total", "type", "game_start", "field", "amount") > 100);
            assertTrue(PrometheusText.sum(metrics, "casino_events_fields_ignored_total", "type", "deposit", "field", "game_id") > 100);
        }
    }

    @Test
    void givenA2MbRecordAndA2MbHeaderOnTheEvents_whenConsumed_thenBothAreDeadLetteredSmallAndTheEnricherGoesOn() throws Exception {
        String id = "edge-" + UUID.randomUUID().toString().substring(0, 8);
        EnricherTopics topics = EnricherTopics.prefixed(id);
        byte[] key = new LongSerializer().serialize("t", 10L);
        byte[] huge = bytes("{\"id\":1,\"description\":\"" + "x".repeat(TWO_MB) + "\"}");
        CasinoEvent withBigHeader = CasinoEvent.raw(2, 10, 100L, EventType.GAME_START, null, null, null, Instant.parse("2022-01-10T12:00:00Z"));
        RecordHeaders bigHeader = new RecordHeaders();
        bigHeader.add("x-upstream-trace", bytes("y".repeat(TWO_MB)));
        try (EnricherService app = start(topics, "enricher-" + id); KafkaProducer<byte[], byte[]> producer = bigProducer()) {
            String events = topics.events().name();
            producer.send(new ProducerRecord<>(events, 0, key, huge)).get();
            producer.send(new ProducerRecord<>(events, 0, null, key, bytes(Json.write(withBigHeader)), bigHeader)).get();
            producer.send(new ProducerRecord<>(events, 0, key, bytes(Json.write(withBigHeader.withDescription(null)).replace("\"id\":2", "\"id\":3")))).get();

            List<ConsumerRecord<byte[], byte[]>> out = read(topics.enriched().name(), 1, WAIT);
            assertEquals(1, out.size(), "the event behind the two big records");
            assertEquals(3L, Json.MAPPER.readValue(out.get(0).value(), CasinoEvent.class).id());

            List<ConsumerRecord<byte[], byte[]>> dlq = read(topics.deadLetters().name(), 2, WAIT);
            assertEquals(2, dlq.size(), "both big records dead-lettered");
            ConsumerRecord<byte[], byte[]> value = dlq.get(0);
            assertEquals("true", DeadLetter.header(value.headers(), DeadLetter.STUB), "a stub of the 2 MB value");
            assertEquals(String.valueOf(huge.length + key.length), DeadLetter.header(value.headers(), DeadLetter.ORIGINAL_BYTES));
            assertEquals(DeadLetter.STUB_PREFIX_BYTES, value.value().length);
            ConsumerRecord<byte[], byte[]> header = dlq.get(1);
            assertTrue(RecordLimit.headersSize(header.headers()) < 8 * 1024, "the 2 MB header is not copied into the dead letter");
            assertEquals(Json.write(withBigHeader), new String(header.value(), StandardCharsets.UTF_8), "the small value as it came");
            for (ConsumerRecord<byte[], byte[]> r : dlq) {
                String reason = DeadLetter.header(r.headers(), DeadLetter.REASON);
                assertTrue(reason.startsWith("deserialization: ") && reason.contains("over the bound"), reason);
                assertEquals("enricher", DeadLetter.header(r.headers(), DeadLetter.SERVICE));
            }

            HttpResponse<String> ready = get(app, "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            CasinoEvent after = CasinoEvent.raw(4, 11, 101L, EventType.GAME_STOP, null, null, null, Instant.parse("2022-01-10T12:01:00Z"));
            producer.send(new ProducerRecord<>(events, 0, key, bytes(Json.write(after)))).get();
            assertEquals(2, read(topics.enriched().name(), 2, WAIT).size(), "a later event is enriched too");
            assertEquals(2.0, PrometheusText.sum(PrometheusText.parse(get(app, "/metrics").body()),
                    "streams_records_dead_lettered_total", "stage", "deserialization"));
        }
    }
}
