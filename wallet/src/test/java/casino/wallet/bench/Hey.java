package casino.wallet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seed 002's load generator: hey (Debian package {@code hey}) in its own process, the same command line as
 * the seed's benchmark ({@code hey -m POST -H "Content-Type: application/json" -d BODY URL}, 50 connections)
 * but for a duration ({@code -z}) rather than a count, so BENCH_SECONDS holds. Closed loop, like wrk.
 */
final class Hey {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("Total:\\s+([0-9.]+) secs");
    private static final Pattern P50 = Pattern.compile("50% in ([0-9.]+) secs");
    private static final Pattern P99 = Pattern.compile("99% in ([0-9.]+) secs");
    private static final Pattern STATUS = Pattern.compile("\\[(\\d{3})]\\s+(\\d+) responses");
    private static final Pattern ERRORS = Pattern.compile("\\[(\\d+)]\\s+(?:Get|Post)");

    private Hey() {}

    static void requireInstalled() throws Exception {
        try {
            Process p = new ProcessBuilder("hey").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("the replay section needs hey on PATH: apt-get install hey (make bench installs it)", e);
        }
    }

    /** Runs hey for {@code seconds}; {@code body} null means GET. */
    static Wrk.Result run(String name, String url, String body, int connections, int seconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("hey", "-z", seconds + "s", "-c", Integer.toString(connections), "-t", "10"));
        if (body != null) cmd.addAll(List.of("-m", "POST", "-H", "Content-Type: application/json", "-d", body));
        cmd.add(url);
        double cpuBefore = Wrk.serverCpuMillis();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("hey failed: " + out);
        double cpu = Wrk.serverCpuMillis() - cpuBefore;
        long ok = 0;
        long other = 0;
        Matcher status = STATUS.matcher(out);
        while (status.find()) {
            if (status.group(1).equals("200")) ok += Long.parseLong(status.group(2));
            else other += Long.parseLong(status.group(2));
        }
        long errors = 0;
        Matcher error = ERRORS.matcher(out);
        while (error.find()) errors += Long.parseLong(error.group(1));
        double total = number(TOTAL, out);
        Wrk.Result result = new Wrk.Result(name, connections, ok + other, total, other, errors,
                Math.round(number(P50, out) * 1e6), Math.round(number(P99, out) * 1e6), cpu);
        System.out.println(result.line());
        return result;
    }

    private static double number(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) throw new IllegalStateException("no " + pattern + " in hey's output: " + out);
        return Double.parseDouble(m.group(1));
    }
}
