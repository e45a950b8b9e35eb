package casino.cli.ops;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The ops files of the repository as the tests read them: the Grafana dashboard (Jackson), the
 * Prometheus configuration, the Grafana provisioning and docker-compose.yml (SnakeYAML, which
 * resolves the compose file's anchors and merge keys), and the dashboard's panels and expressions.
 */
final class OpsFiles {
    /** The repository's root: the first directory upwards from the working directory holding ops/ and docker-compose.yml. */
    static final Path ROOT = root();

    private OpsFiles() {}

    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("ops")) && Files.isRegularFile(p.resolve("docker-compose.yml"))) return p;
        }
        throw new IllegalStateException("no ops/ and docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static JsonNode dashboard() {
        try {
            return Json.MAPPER.readTree(ROOT.resolve("ops/grafana/casino.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file under the root, as maps, lists and scalars. */
    static Map<String, Object> yaml(String path) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ROOT.resolve(path)));
            if (!(doc instanceof Map<?, ?>)) throw new AssertionError(path + " is not a YAML mapping");
            @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) doc;
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) throw new AssertionError(what + " is not a mapping: " + node);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String what) {
        if (!(node instanceof List<?>)) throw new AssertionError(what + " is not a list: " + node);
        return (List<Object>) node;
    }

    /** Every panel of the dashboard, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /** Every metric name used by an expression of the dashboard. */
    static Set<String> dashboardMetrics(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) names.addAll(PromQl.metrics(target.path("expr").asText()));
        }
        return names;
    }

    /** Every selector of every expression of the dashboard. */
    static List<PromQl.Selector> dashboardSelectors(JsonNode dashboard) {
        List<PromQl.Selector> selectors = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) selectors.addAll(PromQl.selectors(target.path("expr").asText()));
        }
        return selectors;
    }
}
