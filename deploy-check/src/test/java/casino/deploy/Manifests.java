package casino.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every YAML document under deploy/kubernetes read into the model class of its apiVersion and kind:
 * fabric8's Kubernetes model (the API's own schema, generated from its OpenAPI definitions) and Strimzi's
 * api (the classes its CRDs are generated from). A kind without a class here, a field of the wrong type
 * and an unknown field are errors; the models keep unknown fields in {@code additionalProperties} rather
 * than failing, so {@link #unknownFields} walks every object read for a non-empty one.
 */
final class Manifests {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DIR = ROOT.resolve("deploy/kubernetes");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "kafka.strimzi.io/v1/Kafka", Kafka.class,
            "kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class,
            "kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class);

    /** One document: where it is, and the model object it was read into. */
    record Doc(String where, HasMetadata resource) {}

    private Manifests() {}

    static List<Path> files() {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every file; throws naming each file and document in error. */
    static List<Doc> load() {
        List<Doc> docs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path file : files()) {
            int index = 0;
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
                while (it.hasNext()) {
                    JsonNode node = it.next();
                    String where = DIR.relativize(file) + " #" + index++;
                    if (node == null || node.isNull() || node.isMissingNode()) continue;
                    try {
                        docs.add(new Doc(where, read(where, node)));
                    } catch (IllegalStateException e) {
                        errors.add(e.getMessage());
                    }
                }
            } catch (IOException e) {
                errors.add(file + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new IllegalStateException(errors.size() + " invalid:\n" + String.join("\n", errors));
        return docs;
    }

    private static HasMetadata read(String where, JsonNode node) {
        String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) throw new IllegalStateException(where + ": no model for " + key + " (known: " + KINDS.keySet() + ")");
        try {
            HasMetadata resource = YAML.treeToValue(node, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(resource, key, unknown);
            if (!unknown.isEmpty()) throw new IllegalStateException(where + ": unknown fields " + unknown);
            return resource;
        } catch (IOException e) {
            throw new IllegalStateException(where + " (" + key + "): " + e.getMessage(), e);
        }
    }

    /** Collects the paths of every non-empty {@code additionalProperties} in the model objects under {@code value}. */
    static void unknownFields(Object value, String path, List<String> found) {
        if (value == null) return;
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) unknownFields(e, path + "[" + i++ + "]", found);
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, found));
            return;
        }
        Class<?> type = value.getClass();
        String pkg = type.getPackageName();
        if (type.isEnum() || !(pkg.startsWith("io.fabric8.") || pkg.startsWith("io.strimzi."))) return;
        try {
            Method extra = type.getMethod("getAdditionalProperties");
            if (extra.invoke(value) instanceof Map<?, ?> m && !m.isEmpty()) {
                m.keySet().forEach(k -> found.add(path + "." + k));
            }
        } catch (NoSuchMethodException e) {
            // a value type without an escape hatch for unknown fields (Quantity, IntOrString...)
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(path, e);
        }
        BeanDescription bean = YAML.getSerializationConfig().introspect(YAML.constructType(type));
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null || property.getName().equals("additionalProperties")) continue;
            accessor.fixAccess(true);
            unknownFields(accessor.getValue(value), path + "." + property.getName(), found);
        }
    }
}
