package casino.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka 4.3 broker in KRaft mode (combined broker + controller), in this JVM.
 * {@link #onFreePorts()} wraps the test kit (random ports, temporary storage) for tests;
 * {@link #onPorts} formats storage and runs {@code KafkaRaftServer} on fixed ports for the local run.
 * {@link #onPorts(Node, List, Path, String)} is one node of a multi-node cluster ({@link KafkaCluster}
 * runs each in its own JVM through {@link BrokerMain}).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit testKit;
    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaClusterTestKit testKit, KafkaRaftServer server, String bootstrapServers) {
        this.testKit = testKit;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /** A broker on random free ports with temporary storage, deleted on close. */
    public static EmbeddedKafka onFreePorts() {
        try {
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "6")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new EmbeddedKafka(kit, null, kit.bootstrapServers());
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-process Kafka broker", e);
        }
    }

    /** A broker listening on {@code localhost:brokerPort} (controller on controllerPort), storing in dataDir. */
    public static EmbeddedKafka onPorts(int brokerPort, int controllerPort, Path dataDir, String advertisedHost) {
        return onPorts(new Node(1, brokerPort, controllerPort), List.of(new Node(1, brokerPort, controllerPort)), dataDir,
                advertisedHost);
    }

    /** One node of a KRaft cluster: its id, its broker (client) port and its controller port, all on localhost. */
    public record Node(int id, int brokerPort, int controllerPort) {}

    /**
     * Node {@code self} of a cluster of {@code all} (each a broker and a controller: the quorum's voters are
     * every node, so a majority of them keeps it), storing in dataDir. Storage is formatted on first use
     * only: a restart keeps the node's logs and metadata. Internal topics (consumer offsets, transaction
     * state) are replicated to min(3, nodes) with min.insync.replicas one less (at least 1).
     */
    public static EmbeddedKafka onPorts(Node self, List<Node> all, Path dataDir, String advertisedHost) {
        try {
            Files.createDirectories(dataDir);
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(self.id()));
            p.put("controller.quorum.voters", all.stream().map(n -> n.id() + "@localhost:" + n.controllerPort())
                    .collect(Collectors.joining(",")));
            // loopback only, unless the broker is advertised under another name (then every interface)
            String bind = advertisedHost.equals("localhost") ? "localhost" : "0.0.0.0";
            p.put("listeners", "PLAINTEXT://" + bind + ":" + self.brokerPort() + ",CONTROLLER://localhost:" + self.controllerPort());
            p.put("advertised.listeners", "PLAINTEXT://" + advertisedHost + ":" + self.brokerPort());
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dataDir.toAbsolutePath().toString());
            int replicas = Math.min(3, all.size());
            String minIsr = Integer.toString(Math.max(1, replicas - 1));
            p.put("offsets.topic.replication.factor", Integer.toString(replicas));
            p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
            p.put("transaction.state.log.min.isr", minIsr);
            // topics nobody created explicitly (auto-created, or by a client without settings)
            p.put("default.replication.factor", Integer.toString(replicas));
            p.put("min.insync.replicas", minIsr);
            p.put("group.initial.rebalance.delay.ms", "0");
            // a Streams instance may ask for a session timeout down to 1 s (Kafka's floor is 6 s): a killed
            // instance's tasks then move after that long (README, "Outgrowing one machine")
            p.put("group.min.session.timeout.ms", "1000");
            p.put("num.partitions", "6");
            if (all.size() > 1) {
                // a killed broker is fenced (its partitions led elsewhere) after 6 s without a heartbeat, not 9 s
                p.put("broker.heartbeat.interval.ms", "1000");
                p.put("broker.session.timeout.ms", "6000");
            }
            Path config = dataDir.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                p.store(out, "casino-streams local broker " + self.id());
            }
            if (!Files.exists(dataDir.resolve("meta.properties"))) {
                var output = new java.io.ByteArrayOutputStream();
                int rc = StorageTool.execute(new String[] {"format", "-t", "casinoStreamsLocal00000", "-c",
                        config.toString(), "--ignore-formatted"}, new PrintStream(output, true));
                if (rc != 0) throw new IllegalStateException("kafka storage format failed with code " + rc + ": " + output);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(null, server, "localhost:" + self.brokerPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            if (testKit != null) testKit.close();
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
        } catch (Exception e) {
            throw new IllegalStateException("error stopping the in-process Kafka broker", e);
        }
    }
}
