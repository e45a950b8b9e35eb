package casino.infra;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link KafkaCluster} in its own JVM, so that {@code kill -9} of a broker is real:
 * {@code BrokerMain SELF_ID DATA_DIR ADVERTISED_HOST ID:BROKER_PORT:CONTROLLER_PORT...} (every node of the
 * cluster, itself included). SIGTERM shuts it down cleanly (controlled shutdown: its partitions move
 * first); it also stops when the JVM that started it is gone, so no broker outlives its test or run.
 */
public final class BrokerMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4) throw new IllegalArgumentException("usage: BrokerMain SELF_ID DATA_DIR HOST ID:PORT:CONTROLLER_PORT...");
        int self = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        String host = args[2];
        List<EmbeddedKafka.Node> nodes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) nodes.add(parse(args[i]));
        EmbeddedKafka.Node node = nodes.stream().filter(n -> n.id() == self).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("node " + self + " is not among " + nodes));
        EmbeddedKafka kafka = EmbeddedKafka.onPorts(node, nodes, dataDir, host);
        log.info("broker {} started on port {} (controller {}), pid {}", self, node.brokerPort(), node.controllerPort(),
                ProcessHandle.current().pid());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("broker {} stopping", self);
            kafka.close();
            stopped.countDown();
        }, "broker-shutdown"));
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.warn("broker {}: the process that started it is gone; stopping", self);
            System.exit(0);
        }));
        stopped.await();
    }

    static EmbeddedKafka.Node parse(String spec) {
        String[] parts = spec.split(":");
        return new EmbeddedKafka.Node(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    static String spec(EmbeddedKafka.Node n) {
        return n.id() + ":" + n.brokerPort() + ":" + n.controllerPort();
    }
}
