package casino.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.metrics.PrometheusText;
import casino.common.metrics.PrometheusText.Sample;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboard against the real meters: the six services run in this JVM (see {@link RunningSuite})
 * under a small load (generated events, one bad record on each input, one deposit), and every metric
 * an expression of ops/grafana/casino.json names must be on some service's {@code /metrics}, with the
 * labels its matchers and groupings use and the values of its {@code =} matchers. Gap: the expressions
 * are not evaluated (no Prometheus runs here), so a wrong function or range is not caught.
 */
class OpsDashboardIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int GENERATED = 40;

    @Test
    void givenTheSuiteUnderASmallLoad_whenEveryServiceIsScraped_thenEveryMetricTheDashboardQueriesIsExposed() throws Exception {
        JsonNode dashboard = OpsFiles.dashboard();
        assertTrue(OpsFiles.dashboardMetrics(dashboard).size() >= 10, "the dashboard's metrics: " + OpsFiles.dashboardMetrics(dashboard));
        try (RunningSuite suite = RunningSuite.start(GENERATED)) {
            assertEquals(OpsConfigTest.DEFAULT_PORTS.keySet(), suite.ports().keySet(), "every service prometheus.yml scrapes runs");

            // When: generated events flow, a record that is not JSON reaches the enricher's and the materializer's
            // input, and a deposit is made
            suite.sendRaw("not json".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> deposit = suite.post("wallet", "/deposit", "{\"WalletID\": \"ops-w1\", \"Amount\": 8000}");
            assertTrue(deposit.statusCode() == 200 || deposit.statusCode() == 202, deposit.statusCode() + " " + deposit.body());

            // Then: the load shows on each service's meters, and the dashboard finds every series it asks for
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            List<String> problems;
            while (true) {
                Map<String, List<Sample>> scrapes = suite.scrapeAll();
                problems = new ArrayList<>(loadNotShown(scrapes));
                problems.addAll(unmatched(dashboard, scrapes));
                if (problems.isEmpty() || System.nanoTime() > deadline) break;
                Thread.sleep(250); // the poll interval of a deadline-bounded wait
            }
            assertEquals(List.of(), problems, "within " + DEADLINE.toSeconds() + " s");
        }
    }

    /** What the load must have moved before the dashboard's series are looked for. */
    private static List<String> loadNotShown(Map<String, List<Sample>> s) {
        List<String> missing = new ArrayList<>();
        expect(missing, s, "generator", "casino_events_published_total");
        expect(missing, s, "enricher", "casino_events_enriched_total");
        expect(missing, s, "enricher", "casino_events_dead_lettered_total", "reason", "malformed-json");
        expect(missing, s, "enricher", "casino_fx_call_seconds_count");
        expect(missing, s, "enricher", "casino_player_lookup_seconds_count");
        expect(missing, s, "materializer", "materializer_events_total", "result", "counted");
        expect(missing, s, "materializer", "materializer_events_total", "result", "dead_lettered");
        expect(missing, s, "wallet", "wallet_commands_total", "kind", "deposit"); // applied, or timeout on a slow machine
        expect(missing, s, "wallet", "http_server_requests_seconds_count", "route", "/deposit");
        return missing;
    }

    private static void expect(List<String> missing, Map<String, List<Sample>> scrapes, String service, String metric, String... labels) {
        if (PrometheusText.sum(scrapes.get(service), metric, labels) < 1) {
            missing.add("load: " + service + " " + metric + String.join(",", labels) + " has not moved");
        }
    }

    /** Every selector and grouping of the dashboard that no service's samples satisfy, described. */
    static List<String> unmatched(JsonNode dashboard, Map<String, List<Sample>> scrapes) {
        List<Sample> all = scrapes.values().stream().flatMap(List::stream).toList();
        List<String> problems = new ArrayList<>();
        for (PromQl.Selector selector : OpsFiles.dashboardSelectors(dashboard)) {
            List<Sample> named = all.stream().filter(x -> x.name().equals(selector.metric())).toList();
            if (named.isEmpty()) {
                problems.add(selector.metric() + ": no service exposes it");
                continue;
            }
            boolean matched = named.stream().anyMatch(x -> x.labels().keySet().containsAll(selector.labels())
                    && selector.equals().entrySet().stream().allMatch(e -> e.getValue().startsWith("$")
                            || e.getValue().equals(x.labels().get(e.getKey()))));
            if (!matched) problems.add(selector.metric() + ": no sample has labels " + selector.labels() + " with " + selector.equals());
        }
        for (JsonNode panel : OpsFiles.panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                Set<String> metrics = PromQl.metrics(expr);
                for (String label : PromQl.groupingLabels(expr)) {
                    if (all.stream().noneMatch(x -> metrics.contains(x.name()) && x.labels().containsKey(label))) {
                        problems.add(panel.path("title").asText() + ": no metric of `" + expr + "` has the label " + label);
                    }
                }
            }
        }
        return problems;
    }
}
