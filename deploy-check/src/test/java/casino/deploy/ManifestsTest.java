package casino.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests under deploy/kubernetes: schema-valid (see {@link Manifests}), and consistent with each
 * other (selectors, ports, config and secret keys, volumes, Strimzi cluster labels) and with the code (the
 * topic registries, the services' ports and settings). No cluster is needed: nothing here talks to one.
 */
class ManifestsTest {
    private static final String NAMESPACE = "casino";
    /** The stateful services: a StatefulSet each, with their Streams state on a volume. */
    private static final Set<String> STATEFUL = Set.of("wallet", "materializer", "enricher");
    private static final Map<String, Integer> PORTS = Map.of("wallet", 8080, "materializer", 8081, "fx-api", 8082,
            "enricher", 8083, "generator", 8084, "reporting", 8085);

    private static List<Manifests.Doc> docs;

    @BeforeAll
    static void load() {
        docs = Manifests.load();
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(Manifests.Doc::resource).filter(type::isInstance).map(type::cast).toList();
    }

    /** The pod template of every workload, by workload name. */
    private static Map<String, PodTemplateSpec> templates() {
        Map<String, PodTemplateSpec> t = new TreeMap<>();
        all(StatefulSet.class).forEach(s -> t.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(Deployment.class).forEach(d -> t.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
        return t;
    }

    @Test
    void everyDocumentIsAKnownKindWithoutUnknownFieldsInTheNamespace() {
        assertTrue(docs.size() >= 30, "documents read: " + docs.size());
        for (Manifests.Doc doc : docs) {
            HasMetadata r = doc.resource();
            if (r.getKind().equals("Namespace")) assertEquals(NAMESPACE, r.getMetadata().getName(), doc.where());
            else assertEquals(NAMESPACE, r.getMetadata().getNamespace(), doc.where() + ": namespace");
        }
    }

    @Test
    void unknownFieldsAreFound() {
        List<String> found = new ArrayList<>();
        Service service = new Service();
        service.setAdditionalProperty("spce", Map.of());
        Manifests.unknownFields(List.of(service), "doc", found);
        assertEquals(List.of("doc[0].spce"), found);
    }

    @Test
    void workloadSelectorsMatchTheirPodsAndEveryServiceSelectsAPodWithItsTargetPort() {
        Map<String, PodTemplateSpec> templates = templates();
        all(StatefulSet.class).forEach(s -> assertSelects(s.getSpec().getSelector().getMatchLabels(), s.getSpec().getTemplate(), s));
        all(Deployment.class).forEach(d -> assertSelects(d.getSpec().getSelector().getMatchLabels(), d.getSpec().getTemplate(), d));
        for (Service service : all(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            List<PodTemplateSpec> pods = templates.values().stream()
                    .filter(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertEquals(1, pods.size(), service.getMetadata().getName() + " selects " + selector + ": one workload");
            for (ServicePort port : service.getSpec().getPorts()) {
                assertTrue(hasPort(pods.get(0), port.getTargetPort()), service.getMetadata().getName() + ": target port " + port.getTargetPort());
            }
        }
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            assertTrue(templates.values().stream().anyMatch(t -> t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())),
                    "PodDisruptionBudget " + pdb.getMetadata().getName());
        }
    }

    private static void assertSelects(Map<String, String> selector, PodTemplateSpec template, HasMetadata owner) {
        assertTrue(!selector.isEmpty() && template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()),
                owner.getMetadata().getName() + ": selector " + selector + " of its own pods");
    }

    private static boolean hasPort(PodTemplateSpec pod, IntOrString port) {
        return pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .anyMatch(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort()));
    }

    @Test
    void everyConfigMapAndSecretReferenceExistsWithItsKey() {
        Map<String, Set<String>> configMaps = new HashMap<>();
        all(ConfigMap.class).forEach(c -> configMaps.put(c.getMetadata().getName(), c.getData().keySet()));
        Map<String, Set<String>> secrets = new HashMap<>();
        for (Secret s : all(Secret.class)) {
            Set<String> keys = new HashSet<>();
            if (s.getData() != null) keys.addAll(s.getData().keySet());
            if (s.getStringData() != null) keys.addAll(s.getStringData().keySet());
            secrets.put(s.getMetadata().getName(), keys);
        }
        int refs = 0;
        for (var e : templates().entrySet()) {
            for (Container c : e.getValue().getSpec().getContainers()) {
                String where = e.getKey() + "/" + c.getName();
                for (var from : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) assertTrue(configMaps.containsKey(from.getConfigMapRef().getName()), where);
                    if (from.getSecretRef() != null) assertTrue(secrets.containsKey(from.getSecretRef().getName()), where);
                }
                for (EnvVar env : c.getEnv()) {
                    if (env.getValueFrom() == null) continue;
                    var cm = env.getValueFrom().getConfigMapKeyRef();
                    var sk = env.getValueFrom().getSecretKeyRef();
                    if (cm != null) assertTrue(configMaps.getOrDefault(cm.getName(), Set.of()).contains(cm.getKey()), where + ": " + env.getName());
                    if (sk != null) assertTrue(secrets.getOrDefault(sk.getName(), Set.of()).contains(sk.getKey()), where + ": " + env.getName());
                    if (cm != null || sk != null) refs++;
                }
            }
        }
        assertTrue(refs >= 7, "references checked: " + refs);
    }

    @Test
    void everyServiceOfTheSuiteHasItsPortProbesResourcesAndApiKeys() {
        Map<String, PodTemplateSpec> templates = templates();
        assertEquals(new TreeSet<>(PORTS.keySet()), withoutPostgres(templates.keySet()), "the suite's services");
        for (var e : PORTS.entrySet()) {
            Container c = templates.get(e.getKey()).getSpec().getContainers().get(0);
            assertEquals(List.of(e.getKey()), c.getArgs(), e.getKey() + ": the service the image starts");
            ContainerPort port = c.getPorts().get(0);
            assertEquals(e.getValue(), port.getContainerPort(), e.getKey() + ": the port it listens on");
            assertEquals("/health", c.getLivenessProbe().getHttpGet().getPath(), e.getKey());
            assertEquals("/ready", c.getReadinessProbe().getHttpGet().getPath(), e.getKey());
            assertEquals(port.getName(), c.getReadinessProbe().getHttpGet().getPort().getStrVal(), e.getKey());
            assertTrue(c.getEnv().stream().anyMatch(v -> v.getName().equals("API_KEYS") && v.getValueFrom().getSecretKeyRef() != null),
                    e.getKey() + ": API_KEYS from a Secret");
        }
        for (var e : templates.entrySet()) {
            for (Container c : e.getValue().getSpec().getContainers()) {
                for (String kind : List.of("requests", "limits")) {
                    var r = kind.equals("requests") ? c.getResources().getRequests() : c.getResources().getLimits();
                    assertTrue(r != null && r.containsKey("cpu") && r.containsKey("memory"), e.getKey() + ": cpu and memory " + kind);
                }
            }
        }
    }

    private static Set<String> withoutPostgres(Set<String> names) {
        Set<String> s = new TreeSet<>(names);
        s.remove("postgres");
        return s;
    }

    @Test
    void theStatefulServicesKeepTheirStateOnAVolumeAndJoinAsTheirPod() {
        Set<String> headless = new HashSet<>();
        all(Service.class).stream().filter(s -> "None".equals(s.getSpec().getClusterIP())).forEach(s -> headless.add(s.getMetadata().getName()));
        Map<String, StatefulSet> sets = new HashMap<>();
        all(StatefulSet.class).forEach(s -> sets.put(s.getMetadata().getName(), s));
        all(StatefulSet.class).forEach(s -> assertTrue(headless.contains(s.getSpec().getServiceName()) || s.getMetadata().getName().equals("postgres"),
                s.getMetadata().getName() + ": serviceName names a headless Service"));
        for (String name : STATEFUL) {
            StatefulSet set = sets.get(name);
            assertTrue(set != null, name + " is a StatefulSet");
            Container c = set.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, EnvVar> env = new HashMap<>();
            c.getEnv().forEach(v -> env.put(v.getName(), v));
            String stateDir = env.get("STATE_DIR").getValue();
            var mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(stateDir)).findFirst();
            assertTrue(mount.isPresent(), name + ": STATE_DIR " + stateDir + " is a mounted volume");
            assertTrue(set.getSpec().getVolumeClaimTemplates().stream().anyMatch(t -> t.getMetadata().getName().equals(mount.get().getName())),
                    name + ": the state volume is a claim of each pod");
            assertEquals("metadata.name", env.get("GROUP_INSTANCE_ID").getValueFrom().getFieldRef().getFieldPath(), name + ": group.instance.id");
            assertTrue(set.getSpec().getReplicas() >= 2, name + ": two instances at least");
        }
    }

    @Test
    void kafkaIsThreeKraftNodesReplicatingThreeTimesWithMinIsrTwo() {
        List<Kafka> kafkas = all(Kafka.class);
        assertEquals(1, kafkas.size());
        String cluster = kafkas.get(0).getMetadata().getName();
        Map<String, Object> config = kafkas.get(0).getSpec().getKafka().getConfig();
        for (String key : List.of("default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor")) {
            assertEquals(3, config.get(key), key);
        }
        assertEquals(2, config.get("min.insync.replicas"));
        assertEquals(2, config.get("transaction.state.log.min.isr"));
        int brokers = 0, controllers = 0;
        for (KafkaNodePool pool : all(KafkaNodePool.class)) {
            assertEquals(cluster, pool.getMetadata().getLabels().get("strimzi.io/cluster"), pool.getMetadata().getName());
            if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) brokers += pool.getSpec().getReplicas();
            if (pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)) controllers += pool.getSpec().getReplicas();
        }
        assertEquals(3, brokers, "brokers");
        assertEquals(3, controllers, "controllers (quorum voters)");
        String bootstrap = all(ConfigMap.class).get(0).getData().get("KAFKA_BOOTSTRAP_SERVERS");
        assertEquals(cluster + "-kafka-bootstrap:9092", bootstrap, "the services reach Strimzi's bootstrap service");
    }

    @Test
    void theTopicsAreTheCodesReplicatedThreeTimesWithMinIsrTwo() throws IOException {
        Map<String, Integer> expected = registryTopics();
        String partitions = all(ConfigMap.class).get(0).getData().get("TOPIC_PARTITIONS");
        Map<String, Integer> declared = new TreeMap<>();
        for (KafkaTopic topic : all(KafkaTopic.class)) {
            String name = topic.getSpec().getTopicName();
            assertEquals(kafkas(), topic.getMetadata().getLabels().get("strimzi.io/cluster"), name);
            assertEquals(3, topic.getSpec().getReplicas(), name);
            assertEquals("2", String.valueOf(topic.getSpec().getConfig().get("min.insync.replicas")), name);
            declared.put(name, topic.getSpec().getPartitions());
        }
        Map<String, Integer> want = new TreeMap<>();
        expected.forEach((name, p) -> want.put(name, p == null ? Integer.parseInt(partitions) : p));
        assertEquals(want, declared, "KafkaTopics = the topics of the code's registries and of README.md's Topics table");
    }

    private static String kafkas() {
        return all(Kafka.class).get(0).getMetadata().getName();
    }

    /**
     * The topics the code creates: every {@code new Topic<>("name", ..., PARTITIONS | n)} of the topic
     * registries (null: TOPIC_PARTITIONS), FxRate.TOPIC (one partition), and the README's Topics table.
     */
    static Map<String, Integer> registryTopics() throws IOException {
        Map<String, Integer> topics = new TreeMap<>();
        Pattern topic = Pattern.compile("new Topic<>\\((?:prefix \\+ )?(\"[a-z0-9.-]+\"|FxRate\\.TOPIC)[^;]*?,\\s*(PARTITIONS|\\d+)\\)");
        String fxTopic = constant("common/src/main/java/casino/common/money/FxRate.java", "TOPIC");
        for (String registry : List.of("common/src/main/java/casino/common/kafka/Topics.java",
                "wallet/src/main/java/casino/wallet/topics/WalletTopics.java")) {
            Matcher m = topic.matcher(Files.readString(Manifests.ROOT.resolve(registry)));
            while (m.find()) {
                String name = m.group(1).startsWith("\"") ? m.group(1).replace("\"", "") : fxTopic;
                topics.put(name, m.group(2).equals("PARTITIONS") ? null : Integer.valueOf(m.group(2)));
            }
        }
        assertTrue(topics.size() >= 8, "topics found in the registries: " + topics);
        boolean inTable = false;
        for (String line : Files.readAllLines(Manifests.ROOT.resolve("README.md"))) {
            if (line.startsWith("## ")) inTable = line.equals("## Topics");
            else if (inTable && line.startsWith("| `")) topics.putIfAbsent(line.split("`")[1], null);
        }
        return topics;
    }

    private static String constant(String file, String name) throws IOException {
        Matcher m = Pattern.compile(name + " = \"([^\"]+)\"").matcher(Files.readString(Manifests.ROOT.resolve(file)));
        assertTrue(m.find(), name + " in " + file);
        return m.group(1);
    }
}
