package casino.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A KRaft cluster of N nodes, each a broker and a controller (combined mode, every node a voter: with 3
 * the quorum survives one loss), each in its own JVM ({@link BrokerMain} through {@link ChildJvm}), so
 * that {@link #kill} is a real {@code kill -9}. A node keeps its log directory (DIR/broker-ID) across
 * {@link #kill}/{@link #stop} and {@link #start(int)}. Node 1 listens on the first broker port; the
 * others are found through metadata, though {@link #bootstrapServers} lists them all.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);
    private static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC");
    private final List<EmbeddedKafka.Node> nodes;
    private final Path dir;
    private final String host;
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean supervised;

    private KafkaCluster(List<EmbeddedKafka.Node> nodes, Path dir, String host) {
        this.nodes = nodes;
        this.dir = dir;
        this.host = host;
    }

    /** {@code size} nodes on free ports, storing in {@code dir}; returns once every broker is registered. */
    public static KafkaCluster onFreePorts(int size, Path dir, Duration timeout) {
        List<EmbeddedKafka.Node> nodes = new ArrayList<>();
        for (int id = 1; id <= size; id++) nodes.add(new EmbeddedKafka.Node(id, ChildJvm.freePort(), ChildJvm.freePort()));
        return start(nodes, dir, "localhost", timeout);
    }

    /**
     * {@code size} nodes on fixed ports: node i's broker on {@code brokerPort + 2(i-1)}, its controller on
     * {@code controllerPort + 2(i-1)} (9092/9093, 9094/9095, 9096/9097 by default).
     */
    public static KafkaCluster onPorts(int size, int brokerPort, int controllerPort, Path dir, String host, Duration timeout) {
        List<EmbeddedKafka.Node> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) nodes.add(new EmbeddedKafka.Node(i + 1, brokerPort + 2 * i, controllerPort + 2 * i));
        return start(nodes, dir, host, timeout);
    }

    private static KafkaCluster start(List<EmbeddedKafka.Node> nodes, Path dir, String host, Duration timeout) {
        KafkaCluster cluster = new KafkaCluster(List.copyOf(nodes), dir, host);
        try {
            for (EmbeddedKafka.Node n : nodes) cluster.launch(n.id());
            cluster.awaitBrokers(nodes.size(), timeout);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return nodes.stream().map(n -> host + ":" + n.brokerPort()).collect(Collectors.joining(","));
    }

    public List<Integer> nodeIds() {
        return nodes.stream().map(EmbeddedKafka.Node::id).toList();
    }

    /** The process of node {@code id} (null before its first start). */
    public Process process(int id) {
        return processes.get(id);
    }

    public Path log(int id) {
        return dir.resolve("broker-" + id + ".log");
    }

    /** Starts node {@code id} again on its own log directory and waits until it is registered again. */
    public void start(int id, Duration timeout) {
        launch(id);
        awaitBrokers(nodes.size(), timeout);
    }

    /** {@code kill -9} of node {@code id}: no controlled shutdown, no flush. */
    public void kill(int id) {
        Process p = processes.get(id);
        if (p == null) return;
        p.destroyForcibly();
        waitFor(p, Duration.ofSeconds(30));
        log.info("broker {} killed (-9)", id);
    }

    /** SIGTERM to node {@code id} (controlled shutdown: leadership moves first), kill -9 after {@code grace}. */
    public void stop(int id, Duration grace) {
        Process p = processes.get(id);
        if (p == null || !p.isAlive()) return;
        p.destroy();
        if (!waitFor(p, grace)) {
            log.warn("broker {} did not stop within {}; kill -9", id, grace);
            p.destroyForcibly();
            waitFor(p, Duration.ofSeconds(30));
        }
    }

    /** From now on a node that exits without {@link #stop}/{@link #kill}/{@link #close} is started again after 1 s. */
    public void restartOnExit() {
        supervised = true;
        processes.keySet().forEach(this::watch);
    }

    private void watch(int id) {
        Process p = processes.get(id);
        p.onExit().thenRun(() -> {
            if (!supervised || closed || processes.get(id) != p) return;
            log.warn("broker {} exited with code {}; starting it again on its log directory", id, p.exitValue());
            try {
                Thread.sleep(1000); // back-off before the restart
                if (!closed) launch(id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("broker {} could not be started again", id, e);
            }
        });
    }

    private synchronized void launch(int id) {
        List<String> args = new ArrayList<>(List.of(Integer.toString(id), dir.resolve("broker-" + id).toAbsolutePath().toString(), host));
        nodes.forEach(n -> args.add(BrokerMain.spec(n)));
        try {
            Files.createDirectories(dir);
            Process p = ChildJvm.start(BrokerMain.class, JVM_OPTIONS, Map.of(), log(id), args.toArray(String[]::new));
            processes.put(id, p);
            Files.writeString(dir.resolve("broker-" + id + ".pid"), p.pid() + "\n");
            log.info("broker {} started as pid {} (log {})", id, p.pid(), log(id));
            if (supervised) watch(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls describeCluster until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        int seen = -1;
        try (Admin admin = admin()) {
            while (Instant.now().isBefore(deadline)) {
                for (Map.Entry<Integer, Process> e : processes.entrySet()) {
                    if (!e.getValue().isAlive() && !supervised) {
                        throw new IllegalStateException("broker " + e.getKey() + " exited with " + e.getValue().exitValue()
                                + ", see " + log(e.getKey()));
                    }
                }
                try {
                    seen = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (seen >= count) return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    // no broker answers yet
                }
                pause(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException(count + " brokers not registered within " + timeout + " (last seen " + seen
                + "), see " + dir);
    }

    /** The leader of every partition of {@code topics}, by topic-partition ("topic-3"); -1 for none. */
    public Map<String, Integer> leaders(Collection<String> topics) {
        Map<String, Integer> leaders = new TreeMap<>();
        describe(topics).forEach((name, d) -> d.partitions().forEach(p ->
                leaders.put(name + "-" + p.partition(), p.leader() == null ? -1 : p.leader().id())));
        return leaders;
    }

    /** The node leading most partitions of {@code topics}. */
    public int busiestLeader(Collection<String> topics) {
        return leaders(topics).values().stream().filter(id -> id >= 0)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow(() -> new IllegalStateException("no leaders for " + topics))
                .getKey();
    }

    /** Polls describeTopics until every partition of {@code topics} has {@code size} in-sync replicas. */
    public Duration awaitIsr(Collection<String> topics, int size, Duration timeout) {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                List<String> lagging = new ArrayList<>();
                describe(topics).forEach((name, d) -> {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.isr().size() < size) lagging.add(name + "-" + p.partition() + " isr " + p.isr().stream().map(Node::id).toList());
                    }
                });
                if (lagging.isEmpty()) return Duration.between(start, Instant.now());
                last = lagging.toString();
            } catch (IllegalStateException notAnswering) {
                last = notAnswering.getMessage();
            }
            pause(250);
        }
        throw new IllegalStateException("ISR not back to " + size + " within " + timeout + ": " + last);
    }

    private Map<String, TopicDescription> describe(Collection<String> topics) {
        try (Admin admin = admin()) {
            return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000));
    }

    /** SIGTERM to every node at once, kill -9 of any left after 10 s. */
    @Override
    public void close() {
        closed = true;
        processes.values().forEach(Process::destroy);
        Instant deadline = Instant.now().plusSeconds(10);
        for (Process p : processes.values()) {
            if (!waitFor(p, Duration.between(Instant.now(), deadline))) p.destroyForcibly();
        }
        processes.values().forEach(p -> waitFor(p, Duration.ofSeconds(30)));
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // poll interval, bounded by the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
