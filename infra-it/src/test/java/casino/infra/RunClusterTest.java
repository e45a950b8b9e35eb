package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code RUN_BROKERS=3 bin/run-local} (what {@code make run-cluster} runs), with the real
 * infrastructure and a stand-in service: three broker JVMs on KAFKA_PORT, +2, +4; the services get
 * every broker and TOPIC_REPLICATION=3 / TOPIC_MIN_ISR=2; the casino topics have three replicas; a
 * broker killed with -9 is started again and registers again; the infrastructure killed with -9 takes
 * every broker with it (nothing left listening).
 */
class RunClusterTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private Path runDir;
    private Path log;
    private Process run;

    @AfterEach
    void cleanUp() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void givenRunBrokers3_whenRunLocalStarts_thenThreeReplicatedBrokersAndAKilledOneComesBack() throws Exception {
        // Given: free ports for the three brokers and their controllers, Postgres, and a stand-in service
        runDir = Files.createTempDirectory("run-cluster-test");
        int kafka = freeBase();
        int controller = freeBase();
        int postgres = ChildJvm.freePort();
        List<Integer> ports = List.of(kafka, kafka + 2, kafka + 4, controller, controller + 2, controller + 4, postgres);
        Path launcher = runDir.resolve("launcher");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                case "$1" in
                  --exists) [ "$2" = svc ] ;;
                  infra) exec "%s" -cp "%s" casino.infra.LocalInfraMain ;;
                  svc) echo "$KAFKA_BOOTSTRAP_SERVERS $TOPIC_REPLICATION $TOPIC_MIN_ISR" >"$RUN_DIR/svc.env"; while true; do sleep 0.1; done ;;
                esac
                """.formatted(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        // When: run-local starts with RUN_BROKERS=3
        log = runDir.resolve("run-local.log");
        ProcessBuilder pb = new ProcessBuilder("setsid", ROOT.resolve("bin/run-local").toString()).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(Map.of("RUN_DIR", runDir.toString(), "RUN_LOCAL_LAUNCHER", launcher.toString(),
                "RUN_LOCAL_SERVICES", "svc", "RUN_BROKERS", "3", "KAFKA_PORT", Integer.toString(kafka),
                "KAFKA_CONTROLLER_PORT", Integer.toString(controller), "POSTGRES_PORT", Integer.toString(postgres)));
        run = pb.start();
        await(() -> Files.exists(runDir.resolve("svc.env")), "the service started", Duration.ofSeconds(240));

        // Then: the service sees every broker and the replication settings; the casino topics have 3 replicas
        String bootstrap = "localhost:" + kafka + ",localhost:" + (kafka + 2) + ",localhost:" + (kafka + 4);
        await(() -> read(runDir.resolve("svc.env")).contains(" 2"), "the service's settings", Duration.ofSeconds(10));
        assertEquals(bootstrap + " 3 2", read(runDir.resolve("svc.env")).trim());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafka))) {
            admin.describeTopics(List.of("casino.events")).allTopicNames().get().get("casino.events").partitions()
                    .forEach(p -> assertEquals(3, p.replicas().size(), p.toString()));
            // When: broker 2 is killed with -9
            int broker2 = pid("broker-2");
            assertEquals(0, new ProcessBuilder("kill", "-9", Integer.toString(broker2)).start().waitFor());
            // Then: it is started again (another process) and registers with the cluster again
            await(() -> pidOrZero("broker-2") != broker2 && pidOrZero("broker-2") != 0, "broker 2 restarted", Duration.ofSeconds(30));
            await(() -> brokers(admin) == 3, "three brokers registered again", Duration.ofSeconds(180));
        }
        List<Integer> brokerPids = new ArrayList<>();
        for (int id = 1; id <= 3; id++) brokerPids.add(pid("broker-" + id));

        // When: the infrastructure is killed with -9, Then: the run stops and every broker is gone
        int infra = Integer.parseInt(Files.readAllLines(runDir.resolve("run-local.pids")).get(0).trim());
        assertEquals(0, new ProcessBuilder("kill", "-9", Integer.toString(infra)).start().waitFor());
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "run-local stops when the infrastructure dies");
        for (int pid : brokerPids) {
            await(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker pid " + pid + " gone",
                    Duration.ofSeconds(30));
        }
        for (int port : ports) await(() -> !listening(port), "nothing on " + port, Duration.ofSeconds(30));
    }

    private int pid(String broker) {
        int pid = pidOrZero(broker);
        if (pid == 0) throw new AssertionError("no pid file for " + broker);
        return pid;
    }

    private int pidOrZero(String broker) {
        try {
            return Integer.parseInt(Files.readString(runDir.resolve("kafka").resolve(broker + ".pid")).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static int brokers(Admin admin) {
        try {
            return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size();
        } catch (Exception notNow) {
            return 0;
        }
    }

    /** A port p with p, p+2 and p+4 free now. */
    private static int freeBase() {
        Random random = new Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + random.nextInt(20_000);
            if (!listening(base) && !listening(base + 2) && !listening(base + 4) && bindable(base, base + 2, base + 4)) return base;
        }
        throw new IllegalStateException("no three free ports");
    }

    private static boolean bindable(int... ports) {
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket(port)) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " within " + timeout + "; log:\n" + read(log));
            try {
                Thread.sleep(100); // polling files and processes, with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
