package casino.wallet;

import casino.common.config.CommonSettings;
import casino.infra.TestInfra;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** WalletMain in a separate JVM (this JVM's java and class path), for kill -9 and SIGTERM tests. */
public final class WalletProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private WalletProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts WalletMain with the given settings (plus the test broker) and waits until /ready answers 200. */
    public static WalletProcess start(Map<String, String> env, int port, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WalletMain.class.getName());
        pb.environment().putAll(env);
        pb.environment().put(WalletSettings.WALLET_PORT, Integer.toString(port));
        pb.environment().put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, TestInfra.kafka().bootstrapServers());
        pb.environment().put("SERVICE_NAME", "wallet-child");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        WalletProcess wp;
        try {
            wp = new WalletProcess(pb.start(), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wp.awaitReady(Duration.ofSeconds(120), log.toFile());
        return wp;
    }

    private void awaitReady(Duration timeout, File log) {
        WalletClient client = new WalletClient(port);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("wallet process exited with " + process.exitValue() + ", see " + log);
            try {
                if (client.get("/ready").status() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200); // poll interval, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("wallet process not ready within " + timeout + ", see " + log);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** kill -9: no shutdown hook, no flush, no commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
