package casino.reporting;

import casino.infra.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** ReportingMain in a separate JVM ({@link ChildJvm}), for kill -9 tests and the benchmark's RSS. */
public final class ReportingProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ReportingProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts ReportingMain with these settings (see {@link Fixture#settings}) and waits until /ready answers 200. */
    public static ReportingProcess start(Map<String, String> env, Path log, String... jvmOptions) {
        int port = ChildJvm.freePort();
        Map<String, String> all = new HashMap<>(env);
        all.put(ReportingSettings.REPORTING_PORT, Integer.toString(port));
        all.put("SERVICE_NAME", "reporting-child");
        Process process = ChildJvm.start(ReportingMain.class, List.of(jvmOptions), all, log);
        ChildJvm.awaitReady(process, port, log, Duration.ofSeconds(120));
        return new ReportingProcess(process, port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** kill -9: no shutdown hook, no rollback sent, no flush. */
    public void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
