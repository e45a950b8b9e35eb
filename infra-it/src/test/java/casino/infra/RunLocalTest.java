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
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/run-local}'s supervision, on the real local infrastructure (LocalInfraMain: Kafka and
 * Postgres as child processes) with stand-in services (small shell loops), by killing processes:
 * a service killed with -9 is restarted; the infrastructure killed with -9 stops the run and leaves
 * nothing running or listening, Postgres included, and the next run starts with an empty database;
 * Ctrl-C stops the services while Kafka is still up; a service crashing repeatedly stops the run.
 */
class RunLocalTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private Path runDir;
    private Path log;
    private Map<String, Integer> ports;
    private Process run;

    @BeforeEach
    void prepare() throws IOException {
        runDir = Files.createTempDirectory("run-local-test");
        ports = Map.of("KAFKA_PORT", freePort(), "KAFKA_CONTROLLER_PORT", freePort(), "POSTGRES_PORT", freePort());
        Path launcher = runDir.resolve("launcher");
        Files.writeString(launcher, """
                #!/usr/bin/env bash
                # stands in for bin/casino-service: the real infrastructure, and two small services
                case "$1" in
                  --exists) [ "$2" = svc ] || [ "$2" = crasher ] ;;
                  infra) exec "%s" -cp "%s" casino.infra.LocalInfraMain ;;
                  svc) trap 'if (exec 3<>/dev/tcp/localhost/$KAFKA_PORT) 2>/dev/null; then echo kafka-up; else echo kafka-down; fi >>"$RUN_DIR/svc.stops"; exit 0' TERM
                       while true; do sleep 0.1; done ;;
                  crasher) [ -f "$RUN_DIR/crash" ] && exit 3; while true; do sleep 0.1; done ;;
                esac
                """.formatted(Path.of(System.getProperty("java.home"), "bin", "java"), System.getProperty("java.class.path")));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroy();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts run-local (its log: a new file per run) and waits until it says it is running. */
    private Process start(String services, Map<String, String> extra) throws IOException {
        log = Files.createTempFile(runDir, "run-local-", ".log");
        // in a session of its own, as in a terminal: Ctrl-C is a SIGINT to its whole process group
        ProcessBuilder pb = new ProcessBuilder("setsid", ROOT.resolve("bin/run-local").toString()).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("RUN_DIR", runDir.toString());
        pb.environment().put("RUN_LOCAL_LAUNCHER", runDir.resolve("launcher").toString());
        pb.environment().put("RUN_LOCAL_SERVICES", services);
        ports.forEach((k, v) -> pb.environment().put(k, v.toString()));
        pb.environment().putAll(extra);
        run = pb.start();
        awaitLog("run-local: running", Duration.ofSeconds(90));
        return run;
    }

    @Test
    void givenRun_whenServiceKilled9_thenRestarted_andWhenInfraKilled9_thenNothingLeftAndNextRunEmpty() throws Exception {
        // Given: a run with one service, and a table written into its database
        start("svc", Map.of());
        int svc = lastPid("svc");
        execute("CREATE TABLE left_from_the_first_run (id int)");
        // When: the service is killed with -9, Then: it is restarted as another process
        kill9(svc);
        awaitLog("svc exited with code 137; restarting", Duration.ofSeconds(10));
        await(() -> lastPidOrZero("svc") != svc, "svc restarted", Duration.ofSeconds(10));
        int restarted = lastPid("svc");
        assertTrue(ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false), "restarted svc runs");
        // When: the infrastructure is killed with -9
        int postgres = postgresPid();
        kill9(infraPid());
        // Then: the run stops, and nothing is left running or listening
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "run-local stops when the infrastructure dies");
        assertEquals(1, run.exitValue());
        assertFalse(ProcessHandle.of(postgres).map(ProcessHandle::isAlive).orElse(false), "Postgres stopped");
        assertFalse(ProcessHandle.of(restarted).map(ProcessHandle::isAlive).orElse(false), "service stopped");
        ports.forEach((name, port) -> assertFalse(listening(port), name + " " + port + " still listening"));
        // When: the next run starts, Then: its database is empty
        start("svc", Map.of());
        assertEquals(0, count("SELECT count(*) FROM pg_tables WHERE tablename = 'left_from_the_first_run'"));
        // When: Ctrl-C (SIGINT to the process group), Then: the service stops first (Kafka still up), then everything
        Files.delete(runDir.resolve("svc.stops")); // the first run's service stopped after Kafka died: "kafka-down"
        assertEquals(0, new ProcessBuilder("kill", "-INT", "--", "-" + run.pid()).start().waitFor());
        assertTrue(run.waitFor(30, TimeUnit.SECONDS), "run-local stops on Ctrl-C");
        assertEquals(0, run.exitValue());
        assertEquals(List.of("kafka-up"), Files.readAllLines(runDir.resolve("svc.stops")));
        ports.forEach((name, port) -> assertFalse(listening(port), name + " " + port + " still listening"));
    }

    @Test
    void givenServiceCrashingAtOnce_whenItCrashesTheLimit_thenRunStops() throws Exception {
        // Given: a run with a crasher that runs until told to crash on start (the file "crash")
        start("svc crasher", Map.of("RUN_LOCAL_CRASH_LIMIT", "3"));
        int svc = lastPid("svc");
        // When: it is killed, and each restart crashes at once
        Files.writeString(runDir.resolve("crash"), "");
        kill9(lastPid("crasher"));
        // Then: after three crashes in a minute the run stops, and nothing is left
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "run-local gives up");
        assertEquals(1, run.exitValue());
        assertTrue(Files.readString(log).contains("crasher crashed 3 times within 60 s"), Files.readString(log));
        assertFalse(ProcessHandle.of(svc).map(ProcessHandle::isAlive).orElse(false), "svc stopped");
        ports.forEach((name, port) -> assertFalse(listening(port), name + " " + port + " still listening"));
    }

    private void awaitLog(String text, Duration timeout) {
        await(() -> {
            try {
                return Files.exists(log) && Files.readString(log).contains(text);
            } catch (IOException e) {
                return false;
            }
        }, "'" + text + "' in the log of run-local", timeout);
    }

    private void await(BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                String tail;
                try {
                    tail = Files.exists(log) ? Files.readString(log) : "(no log)";
                } catch (IOException e) {
                    tail = e.toString();
                }
                throw new AssertionError("no " + what + " within " + timeout + "; run-local's log:\n" + tail);
            }
            try {
                Thread.sleep(100); // polling a log file and processes, with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private int lastPid(String service) throws IOException {
        int pid = lastPidOrZero(service);
        if (pid == 0) throw new AssertionError("no pid of " + service + " in " + Files.readString(log));
        return pid;
    }

    private int lastPidOrZero(String service) {
        try {
            Matcher m = Pattern.compile("started " + service + " \\(pid (\\d+)\\)").matcher(Files.readString(log));
            int pid = 0;
            while (m.find()) pid = Integer.parseInt(m.group(1));
            return pid;
        } catch (IOException e) {
            return 0;
        }
    }

    private int infraPid() throws IOException {
        return Integer.parseInt(Files.readAllLines(runDir.resolve("run-local.pids")).get(0).trim());
    }

    private int postgresPid() throws IOException {
        return Integer.parseInt(Files.readAllLines(runDir.resolve("postgres-data/postmaster.pid")).get(0).trim());
    }

    private static void kill9(int pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-9", Integer.toString(pid)).start().waitFor());
    }

    private void execute(String sql) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD)) {
            c.createStatement().execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (var c = DriverManager.getConnection(jdbcUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + ports.get("POSTGRES_PORT") + "/postgres";
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
