package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.json.Json;
import casino.common.kafka.StreamsService;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.service.ReadinessChecks;
import casino.common.service.StreamsApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * {@code /ready} of a Streams service built with {@link StreamsApp}, on the in-process broker: ready
 * when RUNNING with the broker reachable and no lag; not ready when a poison record kills its stream
 * thread again and again (lag, no commit within the progress bound); the broker check fails when the
 * broker cannot be reached.
 */
class ReadinessChecksTest {
    private static final HttpClient client = HttpClient.newHttpClient();

    /** A pass-through application that dies on the value "poison", with the given progress bound. */
    private static StreamsApp start(Topic<String, String> in, Duration progressBound) throws Exception {
        Config config = TestInfra.config(Map.of("STATE_DIR", Files.createTempDirectory("readiness").toString()));
        var options = new StreamsApp.Options("localhost", Duration.ofSeconds(60), Duration.ofSeconds(30), progressBound,
                Duration.ofSeconds(2));
        return StreamsApp.start(HttpServer.builder("readiness-test"), options, self -> {
            Properties props = StreamsService.baseProperties(config, "readiness-" + UUID.randomUUID());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(in.name(), in.consumed()).peek((k, v) -> {
                if (v.equals("poison")) throw new IllegalStateException("poison record");
            });
            return new StreamsService("readiness-test", builder.build(props), props);
        });
    }

    private static Topic<String, String> topic() {
        Topic<String, String> t = new Topic<>("readiness-" + UUID.randomUUID(), Serdes.String(), Serdes.String(), 1);
        TestInfra.createTopics(List.of(t));
        return t;
    }

    private static void send(Topic<String, String> topic, String... values) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (String v : values) producer.send(new ProducerRecord<>(topic.name(), "k", v)).get();
        }
    }

    private static JsonNode awaitReady(StreamsApp app, Predicate<HttpResponse<String>> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> r;
        do {
            r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (condition.test(r)) return Json.MAPPER.readTree(r.body());
            Thread.sleep(200); // polling /ready with a deadline
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no " + what + " within 60 s; last /ready: " + r.statusCode() + " " + r.body());
    }

    @Test
    void givenRunningApplicationThatProcessesItsInput_thenReadyWithEveryCheck() throws Exception {
        Topic<String, String> in = topic();
        try (StreamsApp app = start(in, Duration.ofSeconds(2))) {
            send(in, "a", "b", "c");
            JsonNode ready = awaitReady(app, r -> r.statusCode() == 200, "200");
            for (String check : List.of("kafka-streams", "kafka-broker", "progress")) {
                assertTrue(ready.get("checks").get(check).get("ready").asBoolean(), check + " in " + ready);
            }
            // still ready after the bound: no lag is not a stall
            Thread.sleep(2_500); // lets the progress bound pass on purpose
            awaitReady(app, r -> r.statusCode() == 200, "200 after the progress bound");
        }
    }

    @Test
    void givenTransactionalInputFullyProcessed_whenIdlePastTheBound_thenStillReady() throws Exception {
        Topic<String, String> in = topic();
        try (StreamsApp app = start(in, Duration.ofSeconds(2));
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "readiness-tx-" + UUID.randomUUID()),
                     new StringSerializer(), new StringSerializer())) {
            // Given: records written in a transaction (its commit marker takes an offset no consumer commits past)
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(in.name(), "k", "a"));
            producer.commitTransaction();
            awaitReady(app, r -> r.statusCode() == 200, "200");
            // When: idle past the progress bound, Then: still ready (the marker is not lag)
            Thread.sleep(3_000); // lets the progress bound pass on purpose
            JsonNode ready = awaitReady(app, r -> true, "an answer");
            assertTrue(ready.get("checks").get("progress").get("ready").asBoolean(), "progress in " + ready);
        }
    }

    @Test
    void givenPoisonRecordKillingTheThreadAgain_whenLagWithoutCommitsForTheBound_thenNotReady() throws Exception {
        Topic<String, String> in = topic();
        try (StreamsApp app = start(in, Duration.ofSeconds(2))) {
            awaitReady(app, r -> r.statusCode() == 200, "200 before the poison record");
            send(in, "poison", "good", "good");
            JsonNode notReady = awaitReady(app, r -> r.statusCode() == 503, "503 once the thread stalls");
            JsonNode progress = notReady.get("checks").get("progress");
            assertFalse(progress.get("ready").asBoolean(), "progress in " + notReady);
            assertTrue(progress.get("detail").asText().startsWith("lag "), "detail in " + notReady);
        }
    }

    @Test
    void givenBrokerUnreachable_thenBrokerCheckNotReady_andReachable_thenReady() throws Exception {
        try (Admin dead = TopicAdmin.admin("localhost:1"); Admin live = TopicAdmin.admin(TestInfra.kafka().bootstrapServers())) {
            var down = ReadinessChecks.broker(dead, Duration.ofSeconds(1)).check();
            assertFalse(down.ready(), "" + down);
            assertTrue(down.detail().startsWith("unreachable"), down.detail());
            assertEquals(true, ReadinessChecks.broker(live, Duration.ofSeconds(5)).check().ready());
        }
    }
}
