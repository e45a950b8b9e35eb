package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.kafka.Topic;
import casino.common.kafka.Topics;
import casino.common.metrics.PrometheusText;
import casino.infra.OpenApiContract;
import casino.infra.TestInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The generator's {@code /metrics} while it runs, its refusal of a public bind without keys, and its {@code /openapi.json}. */
class GeneratorMetricsIT {
    private static final HttpClient client = HttpClient.newHttpClient();

    @Test
    void givenTheGeneratorRunning_whenMetricsScraped_thenPublishedEventsAndProducerMetersMove() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Config config = TestInfra.config(Map.of("GENERATOR_PORT", Integer.toString(port)));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> GeneratorMain.run(new String[] {"--count", "200", "--rate", "40"}, config, System.err));
        List<PrometheusText.Sample> samples = List.of();
        Instant deadline = Instant.now().plusSeconds(60);
        while (PrometheusText.sum(samples, "casino_events_published_total", "service", "generator") < 20) {
            assertTrue(Instant.now().isBefore(deadline), "no 20 published events on /metrics within 60 s: " + samples.size());
            assertTrue(!exit.isDone(), "the generator ended before its metrics were read");
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                samples = PrometheusText.parse(r.body());
            } catch (java.io.IOException notListeningYet) {
                // polled again below
            }
            Thread.sleep(100); // the poll interval
        }
        assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("kafka_producer_")), "producer meters");
        assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("jvm_")), "JVM meters");
        assertEquals(0, exit.get());
    }

    @Test
    void givenAPublicBindWithoutKeys_whenStarted_thenItRefusesNamingApiKeys() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0", "BIND_ADDRESS", "0.0.0.0"));
        assertEquals(1, GeneratorMain.run(new String[] {"--count", "1"}, config, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("API_KEYS"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void givenTheRunningGenerator_thenOpenApiJsonDescribesExactlyTheRegisteredRoutes() {
        Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0"));
        Topic<Long, CasinoEvent> topic = new Topic<>("gen-api-" + UUID.randomUUID(), Topics.CASINO_EVENTS.keySerde(),
                Topics.CASINO_EVENTS.valueSerde(), 1);
        try (GeneratorService service = GeneratorService.start(GeneratorSettings.from(new String[] {"--count", "1"}, config),
                config, topic)) {
            OpenApiContract.assertDescribesExactly(service.port(), service.routes());
        }
    }
}
