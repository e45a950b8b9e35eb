package casino.reporting.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import casino.common.metrics.PrometheusText;
import casino.reporting.EventProducer;
import casino.reporting.Fixture;
import casino.reporting.ReportingClient;
import casino.reporting.ReportingService;
import casino.reporting.WalletEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Assertions;

/** Reporting with API keys: every report route needs one; probes and /metrics (lag, pool, consumer) stay open. */
class ReportingAccessIT {
    private static final String WALLET = "k-" + UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> ROUTES = List.of("/operations/" + WALLET, "/operations/total/" + WALLET,
            "/operations/file/" + WALLET, "/search/wallets?label=tier:x", "/search/transactions?label=tier:x");
    private static ReportingService service;
    private static ReportingClient client;

    @BeforeAll
    static void mirrorOneWallet() {
        String topic = Fixture.newTopic();
        WalletEvents events = new WalletEvents();
        List<WalletEvents.Event> in = new ArrayList<>(events.create(WALLET, "EUR", Map.of("tier", "x"), 1_000));
        in.addAll(events.entry(WALLET, "deposit", 500, Map.of(), 2_000));
        service = ReportingService.start(Config.of(Fixture.settings(topic,
                Map.of("API_KEYS", "reports:s3cret", "BIND_ADDRESS", "127.0.0.1"))));
        try (EventProducer producer = new EventProducer(topic)) {
            producer.send(in);
        }
        Fixture.awaitEntries(List.of(WALLET), 1, Duration.ofSeconds(60));
        client = new ReportingClient(service.port());
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    @Test
    void givenNoKeyOrAWrongOne_whenAReportIsAsked_then401() {
        for (String route : ROUTES) {
            ReportingClient.Response none = client.get(route);
            assertEquals(401, none.status(), route);
            assertEquals("Bearer", none.header("WWW-Authenticate"), route);
            assertEquals(401, client.get(route, "Authorization", "Bearer s3cre").status(), route);
            assertEquals(401, client.get(route, "X-API-Key", "").status(), route);
        }
    }

    @Test
    void givenTheKey_whenAReportIsAsked_then200() {
        for (String route : ROUTES) {
            assertEquals(200, client.get(route, "Authorization", "Bearer s3cret").status(), route);
        }
        assertEquals(200, client.get(ROUTES.get(0), "X-API-Key", "s3cret").status());
    }

    @Test
    void givenKeys_whenProbesAndMetricsAsked_thenOpenWithTheMirrorsMeters() {
        assertEquals(200, client.get("/health").status());
        assertTrue(client.get("/ready").status() != 401);
        ReportingClient.Response metrics = client.get("/metrics");
        assertEquals(200, metrics.status());
        List<PrometheusText.Sample> samples = PrometheusText.parse(metrics.body());
        assertEquals(1, PrometheusText.matching(samples, "reporting_mirror_lag_records", "service", "reporting").size());
        assertTrue(PrometheusText.sum(samples, "hikaricp_connections_max", "pool", "reporting") > 0, "pool meters");
        assertTrue(samples.stream().anyMatch(s -> s.name().startsWith("kafka_consumer_")), "consumer meters");
    }

    @Test
    void givenNoKeys_whenAskedToListenOnAllInterfaces_thenItRefusesBeforeStarting() {
        Executable start = () -> ReportingService.start(Config.of(Fixture.settings(Fixture.newTopic(), Map.of("BIND_ADDRESS", "0.0.0.0"))));
        ConfigException e = Assertions.assertThrows(ConfigException.class, start);
        assertTrue(e.getMessage().contains("API_KEYS"), e.getMessage());
    }
}
