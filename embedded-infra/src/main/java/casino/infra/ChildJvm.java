package casino.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's main class in a separate JVM (this JVM's java and class path), its output appended to a
 * log file, for the kill -9 and SIGTERM tests: start it, wait for its {@code /ready}, kill it. Gap: a
 * port from {@link #freePort} is free when asked, not reserved.
 */
public final class ChildJvm {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ChildJvm() {}

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code mainClass} with {@code args}, the JVM options and {@code env} added to this one's environment. */
    public static Process start(Class<?> mainClass, List<String> jvmOptions, Map<String, String> env, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the build's options for every test JVM (the parent pom's test.jvm.options), then the caller's
        for (String option : System.getProperty("casino.child.jvm.options", "").trim().split("\\s+")) {
            if (!option.isEmpty()) command.add(option);
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code GET /ready} on {@code port} until 200; fails when the process exits or {@code timeout} passes. */
    public static void awaitReady(Process process, int port, Path log, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ready"))
                .timeout(Duration.ofSeconds(10)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("process exited with " + process.exitValue() + ", see " + log);
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200); // poll interval, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("process not ready within " + timeout + ", see " + log);
    }

    /** kill -9: no shutdown hook, no flush, no commit. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
