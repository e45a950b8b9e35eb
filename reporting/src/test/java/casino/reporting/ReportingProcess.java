package casino.reporting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ReportingMain in a separate JVM (this JVM's java and class path), for kill -9 tests and the benchmark's RSS. */
public final class ReportingProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ReportingProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts ReportingMain with these settings (see {@link Fixture#settings}) and waits until /ready answers 200. */
    public static ReportingProcess start(Map<String, String> env, Path log, String... jvmOptions) {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ReportingMain.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put(ReportingSettings.REPORTING_PORT, Integer.toString(port));
        pb.environment().put("SERVICE_NAME", "reporting-child");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ReportingProcess rp;
        try {
            rp = new ReportingProcess(pb.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReportingClient client = new ReportingClient(port);
        Fixture.await(Duration.ofSeconds(120), () -> "reporting process ready, see " + log, () -> {
            if (!rp.process.isAlive()) throw new IllegalStateException("reporting process exited, see " + log);
            try {
                return client.get("/ready").status() == 200;
            } catch (RuntimeException notYet) {
                return false; // not listening yet
            }
        });
        return rp;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no rollback sent, no flush. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
