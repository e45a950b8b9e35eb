package casino.materializer;

import static casino.materializer.Fixtures.await;
import static casino.materializer.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.metrics.PrometheusText;
import casino.infra.OpenApiContract;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With API keys the dashboard and its figures stay open and other paths need a key; /metrics moves with the events;
 * /openapi.json documents exactly the routes registered.
 */
class MaterializerOperateIT {

    @Test
    void givenApiKeys_whenEventsArrive_thenOpenRoutesAnswerWithoutAKeyAndTheEventCounterMoves(@TempDir Path state) {
        String topic = Fixtures.uniqueTopic("mat-it-ops");
        try (MaterializerService app = Fixtures.start(topic, "mat-it-" + UUID.randomUUID(), state,
                Map.of("API_KEYS", "ops:s3cret", "BIND_ADDRESS", "127.0.0.1"))) {
            Fixtures.produce(topic, Fixtures.events(100, 3, 1));
            try (var raw = Fixtures.producer()) {
                raw.send(new ProducerRecord<>(topic, 1L, "not json".getBytes(StandardCharsets.UTF_8)));
            }
            List<PrometheusText.Sample> metrics = await("100 events counted on /metrics",
                    () -> PrometheusText.parse(get(app.port(), "/metrics").body()),
                    m -> PrometheusText.sum(m, "materializer_events_total", "service", "materializer", "result", "counted") == 100
                            && PrometheusText.sum(m, "materializer_events_total", "result", "dead_lettered") == 1);
            assertTrue(metrics.stream().anyMatch(m -> m.name().startsWith("kafka_stream_")), "Kafka Streams meters");

            for (String open : new String[] {"/", "/materialized", "/internal/partial", "/health", "/metrics"}) {
                assertEquals(200, get(app.port(), open).status(), open);
            }
            assertTrue(get(app.port(), "/ready").status() != 401, "readiness is open");
            assertEquals(401, get(app.port(), "/elsewhere").status(), "an unknown path needs a key");
            assertTrue(PrometheusText.sum(PrometheusText.parse(get(app.port(), "/metrics").body()),
                    "http_server_requests_seconds_count", "route", "/materialized", "status", "200") >= 1);
        }
    }

    @Test
    void givenTheRunningMaterializer_thenOpenApiJsonDescribesExactlyTheRegisteredRoutes(@TempDir Path state) {
        try (MaterializerService app = Fixtures.start(Fixtures.uniqueTopic("mat-it-api"), "mat-it-" + UUID.randomUUID(), state,
                Map.of("API_KEYS", "ops:s3cret", "BIND_ADDRESS", "127.0.0.1"))) {
            JsonNode doc = OpenApiContract.assertDescribesExactly(app.port(), app.routes());
            assertEquals("[]", doc.at("/paths/~1materialized~1stream/get/security").toString(), "the stream is open");
        }
    }
}
