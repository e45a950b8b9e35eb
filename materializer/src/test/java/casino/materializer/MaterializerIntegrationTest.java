package casino.materializer;

import static casino.materializer.Fixtures.await;
import static casino.materializer.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.json.Json;
import casino.materializer.Fixtures.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The materializer on the real in-process broker: one instance, two instances, the HTTP surface. */
class MaterializerIntegrationTest {
    private static final Set<String> SIX_KEYS = Set.of("events_total", "events_per_minute",
            "events_per_second_moving_average", "top_player_bets", "top_player_wins", "top_player_deposits");

    @Test
    void givenNEventsOnTheEnrichedTopic_whenMaterialized_thenEventsTotalIsNAndTopPlayersMatchTheInput(@TempDir Path state) {
        String topic = Fixtures.uniqueTopic("mat-it-single");
        try (MaterializerService app = Fixtures.start(topic, "mat-it-" + UUID.randomUUID(), state)) {
            JsonNode empty = get(app.port(), "/materialized").json();
            assertEquals(0, empty.get("events_total").asLong());
            assertEquals(Map.of("id", 0L, "count", 0L), top(empty, "top_player_bets"));

            List<CasinoEvent> events = Fixtures.events(1000, 42, 1);
            Fixtures.produce(topic, events);

            JsonNode body = await("events_total == 1000", () -> get(app.port(), "/materialized").json(),
                    b -> b.get("events_total").asLong() == 1000);
            assertEquals(SIX_KEYS, fieldNames(body));
            assertEquals(Fixtures.expectedTop(events, "bets"), top(body, "top_player_bets"));
            assertEquals(Fixtures.expectedTop(events, "wins"), top(body, "top_player_wins"));
            assertEquals(Fixtures.expectedTop(events, "deposits"), top(body, "top_player_deposits"));
            assertTrue(body.get("events_per_second_moving_average").decimalValue().signum() > 0,
                    "events that just arrived are in the moving average: " + body);
            String raw = get(app.port(), "/materialized").body();
            assertTrue(raw.matches(".*\"events_per_minute\":\\d+\\.\\d{2},.*"), "two decimals: " + raw);
            assertTrue(raw.matches(".*\"events_per_second_moving_average\":\\d+\\.\\d{2},.*"), "two decimals: " + raw);
        }
    }

    @Test
    void givenTwoInstancesWithOneApplicationId_whenEventsArrive_thenEitherReportsTheFiguresOfASingleInstance(
            @TempDir Path stateA, @TempDir Path stateB, @TempDir Path stateSingle) {
        String topic = Fixtures.uniqueTopic("mat-it-pair");
        String appId = "mat-it-pair-" + UUID.randomUUID();
        try (MaterializerService a = Fixtures.start(topic, appId, stateA);
             MaterializerService b = Fixtures.start(topic, appId, stateB)) {
            // both instances own partitions and the figures are answerable before any event is sent
            for (MaterializerService app : List.of(a, b)) {
                await("instance on " + app.port() + " answers with partitions of its own",
                        () -> get(app.port(), "/internal/partial"),
                        r -> r.status() == 200 && !r.json().get("partitions").isEmpty());
                await("global figures from " + app.port(), () -> get(app.port(), "/materialized"), r -> r.status() == 200);
            }
            List<CasinoEvent> events = Fixtures.events(2000, 7, 1);
            Fixtures.produce(topic, events);

            JsonNode fromA = await("events_total == 2000 on A", () -> get(a.port(), "/materialized").json(),
                    j -> j.get("events_total").asLong() == 2000);
            JsonNode fromB = await("events_total == 2000 on B", () -> get(b.port(), "/materialized").json(),
                    j -> j.get("events_total").asLong() == 2000);
            Set<Integer> partitionsA = partitions(get(a.port(), "/internal/partial").json());
            Set<Integer> partitionsB = partitions(get(b.port(), "/internal/partial").json());

            try (MaterializerService single = Fixtures.start(topic, "mat-it-single-" + UUID.randomUUID(), stateSingle)) {
                JsonNode alone = await("events_total == 2000 on a lone instance",
                        () -> get(single.port(), "/materialized").json(), j -> j.get("events_total").asLong() == 2000);
                for (String key : List.of("top_player_bets", "top_player_wins", "top_player_deposits")) {
                    assertEquals(top(alone, key), top(fromA, key), key + " on A");
                    assertEquals(top(alone, key), top(fromB, key), key + " on B");
                }
                assertEquals(Fixtures.expectedTop(events, "deposits"), top(alone, "top_player_deposits"));
            }
            assertFalse(partitionsA.isEmpty() || partitionsB.isEmpty(), "each instance owns partitions");
            Set<Integer> union = new HashSet<>(partitionsA);
            union.addAll(partitionsB);
            assertEquals(6, union.size(), "A " + partitionsA + " and B " + partitionsB + " cover the topic");
            assertTrue(partialEvents(a) > 0 && partialEvents(b) > 0 && partialEvents(a) + partialEvents(b) == 2000,
                    "each instance counted only its own partitions");
        }
    }

    @Test
    void givenTheService_whenRequestsAreBad_thenJsonErrorsAndTheStreamSendsSnapshots(@TempDir Path state) throws Exception {
        String topic = Fixtures.uniqueTopic("mat-it-http");
        try (MaterializerService app = Fixtures.start(topic, "mat-it-" + UUID.randomUUID(), state)) {
            Response unknown = get(app.port(), "/materialised");
            Response wrongMethod = Fixtures.request("POST", app.port(), "/materialized");
            Response page = get(app.port(), "/");

            assertEquals(404, unknown.status());
            assertTrue(unknown.json().get("error").asText().contains("/materialised"), unknown.body());
            assertEquals(405, wrongMethod.status());
            assertTrue(wrongMethod.json().has("error"), wrongMethod.body());
            assertEquals(200, page.status());
            assertTrue(page.body().contains("EventSource(\"/materialized/stream\")"));
            assertEquals(200, get(app.port(), "/ready").status());

            Fixtures.produce(topic, Fixtures.events(10, 1, 1));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<java.io.InputStream> sse = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + app.port() + "/materialized/stream"))
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream", sse.headers().firstValue("Content-Type").orElse("").split(";")[0]);
            List<JsonNode> snapshots = new ArrayList<>();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(sse.body()))) {
                String line;
                while (snapshots.size() < 3 && (line = in.readLine()) != null) {
                    if (line.startsWith("data: ")) snapshots.add(Json.MAPPER.readTree(line.substring(6)));
                }
            }
            JsonNode last = snapshots.get(2);
            assertEquals(SIX_KEYS, fieldNames(last.get("figures")));
            assertEquals(60, last.get("per_second").size());
            assertTrue(snapshots.get(2).get("at_ms").asLong() - snapshots.get(1).get("at_ms").asLong() >= 500,
                    "snapshots are paced about a second apart");
        }
    }

    private static long partialEvents(MaterializerService app) {
        return get(app.port(), "/internal/partial").json().get("events").asLong();
    }

    private static Set<Integer> partitions(JsonNode partial) {
        Set<Integer> out = new HashSet<>();
        partial.get("partitions").forEach(p -> out.add(p.asInt()));
        return out;
    }

    private static Map<String, Long> top(JsonNode body, String key) {
        return Map.of("id", body.get(key).get("id").asLong(), "count", body.get(key).get("count").asLong());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
