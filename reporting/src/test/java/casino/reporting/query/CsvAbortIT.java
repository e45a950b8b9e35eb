package casino.reporting.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.infra.TestInfra;
import casino.reporting.Fixture;
import casino.reporting.ReportingService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A CSV download whose database fails once rows are streaming: the connection is aborted, no JSON is glued on. */
class CsvAbortIT {
    private static final int ROWS = 200_000;

    @Test
    void givenACsvStreaming_whenItsDatabaseSessionIsKilled_thenTheDownloadEndsInAnErrorWithoutJson() throws Exception {
        // Given a wallet of 200,000 entries (40 MB of CSV: far more than the socket buffers) and its download begun
        String wallet = "csv-" + UUID.randomUUID();
        Fixture.seedEntries(wallet, ROWS);
        try (ReportingService service = Fixture.start(Fixture.newTopic())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + service.port()
                    + "/operations/file/" + wallet + "?from=2000-01-01T00:00:00Z")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (InputStream body = response.body()) {
                byte[] first = body.readNBytes(4096);
                assertEquals("\"id\"", new String(first, 0, 4, StandardCharsets.UTF_8));

                // When the server's database session of the export is terminated
                Fixture.await(Duration.ofSeconds(30), () -> "no export session to terminate", CsvAbortIT::terminateExport);

                // Then reading on ends in an error (a truncated download), and no JSON error is in the body
                long[] read = {first.length};
                boolean[] json = {false};
                assertThrows(IOException.class, () -> {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        read[0] += n;
                        if (new String(buffer, 0, n, StandardCharsets.UTF_8).contains("\"error\"")) json[0] = true;
                    }
                }, "the download ended cleanly");
                assertFalse(json[0], "a JSON error inside the CSV");
            }
        }
    }

    private static boolean terminateExport() {
        try (Connection c = TestInfra.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                        + " AND query LIKE 'COPY (SELECT id, refno, %'")) { // the export's COPY
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
