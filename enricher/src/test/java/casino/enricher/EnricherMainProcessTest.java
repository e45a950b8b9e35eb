package casino.enricher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.json.Json;
import casino.common.kafka.Topics;
import casino.fx.FxApi;
import casino.infra.TestInfra;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EnricherMain as the run script starts it: its own JVM, env configuration, stdout for events only, SIGTERM. */
class EnricherMainProcessTest {
    @TempDir
    Path dir;

    @Test
    void givenTheServiceProcess_whenEventsFlowAndItGetsSigterm_thenStdoutCarriesOnlyEventLinesAndItStopsCleanly() throws Exception {
        String bootstrap = TestInfra.kafka().bootstrapServers();
        Map<String, String> db = TestInfra.database().settings();
        TestInfra.createTopics(Topics.CASINO);
        Path stderr = dir.resolve("stderr.log");
        List<String> stdout = new CopyOnWriteArrayList<>();
        int exitCode;
        try (FxApi fx = FxApi.start(0, Clock.systemUTC())) {
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), EnricherMain.class.getName())
                    .redirectError(stderr.toFile());
            pb.environment().putAll(db);
            pb.environment().putAll(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "FX_API_URL", fx.latestUrl(),
                    "ENRICHER_PORT", "0", "STATE_DIR", dir.resolve("state").toString()));
            Process process = pb.start();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) stdout.add(line);
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            try (KafkaProducer<Long, CasinoEvent> producer = TestEvents.producer(bootstrap)) {
                for (CasinoEvent e : TestEvents.random(3, 900_001, 20)) {
                    producer.send(new ProducerRecord<>(Topics.CASINO_EVENTS.name(), e.playerId(), e));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (stdout.size() < 20 && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100); // polling the line count with a deadline
            }
            assertTrue(process.isAlive(), "the service is still running; stderr:\n" + Files.readString(stderr));
            assertEquals(20, stdout.size(), "one stdout line per event; stderr:\n" + Files.readString(stderr));

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stops within 15 s of SIGTERM");
            exitCode = process.exitValue();
            reader.join(5_000);
        }
        for (String line : stdout) {
            CasinoEvent e = Json.read(line, CasinoEvent.class);
            assertNotNull(e.description(), line);
            assertTrue(e.id() > 900_000, "only our events: " + line);
        }
        String log = Files.readString(stderr);
        assertTrue(log.lines().anyMatch(l -> l.startsWith("{") && l.contains("enricher shutting down")), "exit " + exitCode + "\n" + log);
        assertTrue(log.lines().filter(l -> l.contains("\"logger_name\"")).allMatch(l -> l.startsWith("{")), "operational logs are JSON");
    }
}
