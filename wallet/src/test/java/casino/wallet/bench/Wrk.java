package casino.wallet.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of the wallet benchmark: wrk (Debian package {@code wrk}) in its own process, so the
 * client's CPU is a C event loop rather than a JVM client competing inside the server's JVM. Closed loop:
 * each connection sends its next request when the previous one is answered (latencies are per request,
 * without wrk2's coordinated-omission correction). The Lua script {@code bench/load.lua} builds the requests.
 */
final class Wrk {
    private static final Pattern RESULT = Pattern.compile(
            "RESULT requests=(\\d+) micros=(\\d+) unexpected=(\\d+) errors=(\\d+) p50=(\\d+) p99=(\\d+) max=(\\d+)");

    record Result(String name, int connections, long requests, double seconds, long non200, long errors,
                  long p50Micros, long p99Micros, double serverCpuMillis) {
        double perSecond() {
            return requests / seconds;
        }

        /** CPU of the server side (this JVM: HTTP, ledger, broker; plus Postgres) per request: less sensitive to other load than req/s. */
        double cpuMicrosPerRequest() {
            return requests == 0 ? 0 : serverCpuMillis * 1000 / requests;
        }

        String line() {
            return String.format("%-58s %8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  server CPU %6.0f µs/req  (%d requests, %d unexpected status, %d socket errors, %d connections, %.0f s)",
                    name, perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, cpuMicrosPerRequest(), requests, non200, errors,
                    connections, seconds);
        }
    }

    /** CPU time so far of this JVM and of every running postgres process, in milliseconds. */
    static double serverCpuMillis() {
        long nanos = ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        nanos += ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
        return nanos / 1e6;
    }

    private Wrk() {}

    static void requireInstalled() throws Exception {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("the wallet benchmark needs wrk on PATH: apt-get install wrk (make bench installs it)", e);
        }
    }

    static Result run(String name, String request, String baseUrl, int connections, int seconds, Map<String, String> env)
            throws Exception {
        Path lua = Files.createTempFile("wrk-", ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/bench/load.lua")) {
            Files.write(lua, in.readAllBytes());
        }
        try {
            List<String> cmd = new ArrayList<>(List.of("wrk", "-t", "2", "-c", Integer.toString(connections),
                    "-d", seconds + "s", "--timeout", "10s", "-s", lua.toString(), baseUrl));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().put("BENCH_REQUEST", request);
            double cpuBefore = serverCpuMillis();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            double cpu = serverCpuMillis() - cpuBefore;
            Matcher m = RESULT.matcher(out);
            if (!m.find()) throw new IllegalStateException("no RESULT line in wrk's output: " + out);
            Result result = new Result(name, connections, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6,
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), Long.parseLong(m.group(6)), cpu);
            System.out.println(result.line());
            return result;
        } finally {
            Files.deleteIfExists(lua);
        }
    }
}
