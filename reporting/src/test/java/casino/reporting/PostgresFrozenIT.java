package casino.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Reporting's answers while every Postgres process is stopped (SIGSTOP): bounded, and never half a file. */
class PostgresFrozenIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void givenPostgresFrozen_whenReadyAndACsvAreAsked_thenReadyIs503WithinASecondAndAHalfAndTheCsvAJsonError() throws Exception {
        // Given a service with a mirrored wallet, ready (statements give up after 2 s)
        String topic = Fixture.newTopic();
        String wallet = "w-" + UUID.randomUUID();
        WalletEvents events = new WalletEvents();
        Map<String, String> env = Fixture.settings(topic, Map.of(ReportingSettings.REPORTING_DB_SOCKET_TIMEOUT, "2s",
                ReportingSettings.REPORTING_RETRY_MAX, "1s"));
        try (ReportingService service = ReportingService.start(casino.common.config.Config.of(env));
             EventProducer producer = new EventProducer(topic)) {
            List<WalletEvents.Event> in = new ArrayList<>(events.create(wallet, "EUR", Map.of(), 1_000));
            in.addAll(events.entry(wallet, "deposit", 100, Map.of(), 2_000));
            producer.send(in);
            Fixture.awaitEntries(List.of(wallet), 1, WAIT);
            ReportingClient client = new ReportingClient(service.port());
            Fixture.await(WAIT, () -> client.get("/ready").toString(), () -> client.get("/ready").status() == 200);

            // When every Postgres process is stopped
            try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
                // Then /ready answers 503 within 1.5 s, each time, naming the database
                for (int i = 0; i < 3; i++) {
                    long started = System.nanoTime();
                    ReportingClient.Response ready = client.get("/ready");
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    assertEquals(503, ready.status(), ready.toString());
                    assertTrue(millis < 1_500, "/ready took " + millis + " ms: " + ready);
                    assertEquals(false, ready.json().get("checks").get("database").get("ready").asBoolean(), ready.toString());
                }
                // and a CSV download is a JSON 503 with Retry-After, not a CSV header followed by an error
                ReportingClient.Response csv = client.get("/operations/file/" + wallet);
                assertEquals(503, csv.status(), csv.toString());
                assertTrue(csv.header("Content-Type").startsWith("application/json"), csv.header("Content-Type"));
                assertNull(csv.header("Content-Disposition"), csv.toString());
                assertEquals("database unavailable", csv.json().get("error").asText(), csv.toString());
                assertEquals("5", csv.header("Retry-After"));
            }
            // and once Postgres runs again, so does reporting
            Fixture.await(WAIT, () -> client.get("/ready").toString(), () -> client.get("/ready").status() == 200);
            assertEquals(200, client.get("/operations/file/" + wallet).status());
        }
    }
}
