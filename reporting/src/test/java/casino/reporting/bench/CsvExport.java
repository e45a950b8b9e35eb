package casino.reporting.bench;

import casino.infra.TestInfra;
import casino.reporting.ReportingProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import casino.reporting.query.CsvCopy;
import casino.reporting.query.ReportParams.Window;
import org.postgresql.PGConnection;

/** The CSV export of one wallet with N entries: seeding by SQL, the download with the service's memory, and the bare COPY ceiling. */
final class CsvExport {
    record Result(int status, long rows, long bytes, double seconds, long rssBeforeKib, long rssPeakKib, long hwmKib) {
        double rate() {
            return rows / seconds;
        }
    }

    private CsvExport() {}

    /** The ceiling: the service's own COPY statement (to_char included) read by a bare client into nothing, rows/s. */
    static double bareCopyRate(String wallet) throws Exception {
        Window window = new Window(Instant.now().minus(Duration.ofDays(3)), Instant.now());
        long start = System.nanoTime();
        long rows;
        try (Connection c = TestInfra.dataSource().getConnection()) {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(CsvCopy.sql(wallet, window), OutputStream.nullOutputStream());
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    static Result export(ReportingProcess service, String wallet) throws Exception {
        Path status = Path.of("/proc", Long.toString(service.pid()), "status");
        long rssBefore = kib(status, "VmRSS:");
        AtomicLong peak = new AtomicLong(rssBefore);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peak.accumulateAndGet(kib(status, "VmRSS:"), Math::max);
                    Thread.sleep(50); // sampling period
                } catch (Exception e) {
                    return;
                }
            }
        });
        HttpClient http = HttpClient.newHttpClient();
        String range = "?from=" + Instant.now().minus(Duration.ofDays(3)) + "&to=" + Instant.now();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                + "/operations/file/" + wallet + range)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        long lines = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes += n;
                for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        return new Result(r.statusCode(), lines - 1, bytes, seconds, rssBefore, peak.get(), kib(status, "VmHWM:"));
    }

    private static long kib(Path status, String field) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith(field)).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
