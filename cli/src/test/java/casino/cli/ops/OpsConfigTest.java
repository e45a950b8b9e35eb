package casino.cli.ops;

import static casino.cli.ops.OpsFiles.list;
import static casino.cli.ops.OpsFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.enricher.EnricherSettings;
import casino.fx.FxApiSettings;
import casino.generator.GeneratorSettings;
import casino.materializer.MaterializerSettings;
import casino.reporting.ReportingSettings;
import casino.wallet.WalletSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ops files read as Prometheus, Grafana and compose would: the dashboard's structure and its six
 * topics, a scrape job per service on the service's real default port and compose host name, and the
 * ops profile mounting exactly these files. That the expressions name real meters is {@link OpsDashboardIT}'s part.
 */
class OpsConfigTest {
    private static final Config DEFAULTS = Config.of(Map.of());
    /** Service -> the port it listens on by default, from its own settings (what compose and prometheus.yml use). */
    static final Map<String, Integer> DEFAULT_PORTS = defaultPorts();
    private static final Map<String, Object> COMPOSE = OpsFiles.yaml("docker-compose.yml");
    private static final JsonNode DASHBOARD = OpsFiles.dashboard();

    private static Map<String, Integer> defaultPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("wallet", WalletSettings.from(DEFAULTS).port());
        ports.put("materializer", MaterializerSettings.from(DEFAULTS).port());
        ports.put("fx-api", FxApiSettings.from(DEFAULTS).port());
        ports.put("enricher", EnricherSettings.from(DEFAULTS).port());
        ports.put("generator", GeneratorSettings.from(new String[0], DEFAULTS).port());
        ports.put("reporting", ReportingSettings.from(DEFAULTS).port());
        return ports;
    }

    private static Map<String, Object> composeService(String name) {
        Object service = map(COMPOSE.get("services"), "services").get(name);
        assertNotNull(service, "docker-compose.yml has no service " + name);
        return map(service, name);
    }

    @Test
    void givenPrometheusYml_whenRead_thenEachServiceHasOneJobOnItsComposeHostAndDefaultPort() {
        Map<String, Object> prometheus = OpsFiles.yaml("ops/prometheus.yml");
        Map<String, List<Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(prometheus.get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> j = map(job, "a scrape config");
            String name = (String) j.get("job_name");
            assertEquals("/metrics", j.getOrDefault("metrics_path", "/metrics"), name);
            List<Object> targets = new ArrayList<>();
            for (Object sc : list(j.get("static_configs"), name + " static_configs")) targets.addAll(list(map(sc, name).get("targets"), name));
            assertEquals(null, jobs.put(name, targets), "job " + name + " twice");
        }
        assertEquals(DEFAULT_PORTS.keySet(), jobs.keySet(), "a job per service, named as the service");
        DEFAULT_PORTS.forEach((service, port) -> {
            assertEquals(List.of(service + ":" + port), jobs.get(service), service + "'s target: compose host name and its port");
            List<Object> published = list(composeService(service).get("ports"), service + " ports");
            assertTrue(published.stream().anyMatch(p -> p.toString().endsWith(":" + port)),
                    "compose publishes " + service + "'s container port " + port + ": " + published);
        });
    }

    @Test
    void givenComposeOpsProfile_whenRead_thenPrometheusAndGrafanaRunPinnedAndMountTheseFiles() {
        Set<String> profiled = new HashSet<>();
        map(COMPOSE.get("services"), "services").forEach((name, s) -> {
            if (map(s, name).containsKey("profiles")) profiled.add(name);
        });
        Set<String> always = new HashSet<>(DEFAULT_PORTS.keySet());
        always.addAll(List.of("kafka", "postgres"));
        assertTrue(profiled.containsAll(Set.of("prometheus", "grafana")) && profiled.stream().noneMatch(always::contains),
                "the ops services behind a profile, the suite not (plain docker compose up runs it all): " + profiled);
        for (String name : List.of("prometheus", "grafana")) {
            Map<String, Object> service = composeService(name);
            assertEquals(List.of("ops"), service.get("profiles"), name);
            String image = (String) service.get("image");
            assertTrue(Pattern.matches("[a-z0-9./-]+:v?\\d+\\.\\d+\\.\\d+", image), name + " image pinned by version: " + image);
        }
        List<Object> prometheusVolumes = list(composeService("prometheus").get("volumes"), "prometheus volumes");
        assertTrue(prometheusVolumes.contains("./ops/prometheus.yml:/etc/prometheus/prometheus.yml:ro"), prometheusVolumes.toString());

        List<Object> grafanaVolumes = list(composeService("grafana").get("volumes"), "grafana volumes");
        assertTrue(grafanaVolumes.contains("./ops/grafana/provisioning:/etc/grafana/provisioning:ro"), grafanaVolumes.toString());
        Map<String, Object> provider = map(list(OpsFiles.yaml("ops/grafana/provisioning/dashboards/casino.yml").get("providers"),
                "providers").getFirst(), "provider");
        String dashboards = (String) map(provider.get("options"), "provider options").get("path");
        assertTrue(grafanaVolumes.contains("./ops/grafana/casino.json:" + dashboards + "/casino.json:ro"),
                "the dashboard is mounted where the provider reads (" + dashboards + "): " + grafanaVolumes);

        Map<String, Object> datasource = map(list(OpsFiles.yaml("ops/grafana/provisioning/datasources/prometheus.yml")
                .get("datasources"), "datasources").getFirst(), "datasource");
        assertEquals("prometheus", datasource.get("type"));
        assertEquals("http://prometheus:9090", datasource.get("url"), "the compose service prometheus");
        JsonNode variable = datasourceVariable();
        assertEquals(datasource.get("uid"), variable.path("current").path("value").asText(),
                "the dashboard's datasource variable defaults to the provisioned uid");
    }

    private static JsonNode datasourceVariable() {
        for (JsonNode v : DASHBOARD.path("templating").path("list")) {
            if (v.path("name").asText().equals("datasource")) return v;
        }
        throw new AssertionError("the dashboard has no datasource variable");
    }

    @Test
    void givenTheDashboard_whenRead_thenPanelsAreWellFormedAndUseTheDatasourceVariable() {
        assertTrue(DASHBOARD.path("schemaVersion").asInt() >= 39, "a current Grafana's schema: " + DASHBOARD.path("schemaVersion"));
        assertFalse(DASHBOARD.path("uid").asText().isBlank(), "a fixed uid (stable links)");
        assertFalse(DASHBOARD.path("title").asText().isBlank());
        JsonNode variable = datasourceVariable();
        assertEquals("datasource", variable.path("type").asText());
        assertEquals("prometheus", variable.path("query").asText());

        Set<Integer> ids = new HashSet<>();
        List<int[]> cells = new ArrayList<>();
        for (JsonNode panel : OpsFiles.panels(DASHBOARD)) {
            String title = panel.path("title").asText();
            assertTrue(panel.path("id").isInt() && ids.add(panel.path("id").asInt()), "unique integer id: " + title);
            assertFalse(title.isBlank(), "panel " + panel.path("id") + " has a title");
            if (panel.path("type").asText().equals("row")) continue;
            JsonNode pos = panel.path("gridPos");
            int[] cell = {pos.path("x").asInt(-1), pos.path("y").asInt(-1), pos.path("w").asInt(), pos.path("h").asInt()};
            assertTrue(cell[0] >= 0 && cell[1] >= 0 && cell[2] > 0 && cell[3] > 0 && cell[0] + cell[2] <= 24, title + " gridPos " + pos);
            for (int[] other : cells) {
                boolean overlap = cell[0] < other[0] + other[2] && other[0] < cell[0] + cell[2]
                        && cell[1] < other[1] + other[3] && other[1] < cell[1] + cell[3];
                assertFalse(overlap, title + " overlaps another panel");
            }
            cells.add(cell);
            JsonNode datasource = panel.path("datasource");
            assertEquals("prometheus", datasource.path("type").asText(), title);
            assertEquals("${datasource}", datasource.path("uid").asText(), title + " uses the datasource variable");
            assertTrue(panel.path("targets").size() > 0, title + " has queries");
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertTrue(refIds.add(target.path("refId").asText()), title + ": unique refId " + target.path("refId"));
                assertEquals(datasource, target.path("datasource"), title + ": a query's datasource is its panel's");
                String expr = target.path("expr").asText();
                assertFalse(PromQl.metrics(expr).isEmpty(), title + ": an expression naming a metric: " + expr);
            }
        }
    }

    @Test
    void givenTheDashboard_whenRead_thenTheSixTopicsOfIssue15HaveAPanel() {
        Map<String, Predicate<JsonNode>> topics = new LinkedHashMap<>();
        topics.put("events/s in and out", p -> title(p, "events/s") && uses(p, "casino_events_published_total")
                && uses(p, "casino_events_enriched_total") && uses(p, "materializer_events_total"));
        topics.put("DLQ by reason", p -> title(p, "dead letter") && uses(p, "casino_events_dead_lettered_total") && exprs(p).contains("reason"));
        topics.put("FX latency", p -> title(p, "fx") && quantiles(p, "casino_fx_call_seconds_bucket"));
        topics.put("lookup latency", p -> title(p, "lookup") && quantiles(p, "casino_player_lookup_seconds_bucket"));
        topics.put("deposit latency p50/p99", p -> title(p, "deposit") && quantiles(p, "http_server_requests_seconds_bucket")
                && exprs(p).contains("route=\"/deposit\"") && quantiles(p, "wallet_request_wait_seconds_bucket"));
        topics.put("ledger commands by result", p -> title(p, "ledger commands") && uses(p, "wallet_commands_total")
                && exprs(p).contains("result"));
        topics.put("consumer lag", p -> title(p, "lag") && uses(p, "kafka_consumer_fetch_manager_records_lag")
                && uses(p, "reporting_mirror_lag_records"));
        topics.forEach((topic, covers) -> assertTrue(OpsFiles.panels(DASHBOARD).stream().anyMatch(covers),
                "no panel shows " + topic));
    }

    private static boolean title(JsonNode panel, String word) {
        return panel.path("title").asText().toLowerCase(java.util.Locale.ROOT).contains(word);
    }

    private static String exprs(JsonNode panel) {
        StringBuilder all = new StringBuilder();
        panel.path("targets").forEach(t -> all.append(t.path("expr").asText()).append('\n'));
        return all.toString();
    }

    private static boolean uses(JsonNode panel, String metric) {
        return PromQl.metrics(exprs(panel)).contains(metric);
    }

    /** p50 and p99 of {@code bucket}. */
    private static boolean quantiles(JsonNode panel, String bucket) {
        boolean p50 = false;
        boolean p99 = false;
        for (JsonNode t : panel.path("targets")) {
            if (!PromQl.metrics(t.path("expr").asText()).contains(bucket)) continue;
            String expr = t.path("expr").asText().replace(" ", "");
            p50 |= expr.startsWith("histogram_quantile(0.5,");
            p99 |= expr.startsWith("histogram_quantile(0.99,");
        }
        return p50 && p99;
    }
}
