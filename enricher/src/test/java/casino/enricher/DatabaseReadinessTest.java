package casino.enricher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.db.Database;
import casino.common.db.DatabaseReadiness;
import casino.common.http.HttpServer;
import casino.common.http.ReadinessCheck;
import casino.common.json.Json;
import casino.infra.TestInfra;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The enricher's database readiness check against a Postgres that never answers, and a real one. */
class DatabaseReadinessTest {
    /** A TCP server that accepts every connection and never writes a byte: a frozen database as the client sees it. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> accepted = new ArrayList<>();

        SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("silent-postgres").start(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/postgres";
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (accepted) {
                for (Socket s : accepted) s.close();
            }
        }
    }

    private static HikariDataSource pool(String url) {
        HikariDataSource ds = Database.pool(Config.of(Map.of(CommonSettings.DATABASE_URL, url)), "readiness-test");
        ds.getHikariConfigMXBean().setConnectionTimeout(2_000); // the enricher's ENRICHER_DATABASE_TIMEOUT default
        return ds;
    }

    @Test
    void givenAPostgresThatAcceptsAndNeverAnswers_whenReadyIsAsked_then503WithinOneAndAHalfSecondsNamingTheBound() throws Exception {
        try (SilentServer silent = new SilentServer(); HikariDataSource ds = pool(silent.jdbcUrl());
             HttpServer http = HttpServer.builder("readiness-test").port(0).readiness(List.of(new DatabaseReadiness(ds))).start()) {
            HttpClient client = HttpClient.newHttpClient();
            // the first request of a JVM loads the HTTP classes on both sides: not what is measured
            client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 3; i++) { // a probe still hanging from the previous ask must not make the next one slower
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + http.port() + "/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(took.compareTo(Duration.ofMillis(1_500)) < 0, "answered in " + took);
                JsonNode database = Json.MAPPER.readTree(r.body()).findValue("database");
                assertEquals("no answer within 500 ms", database.get("detail").asText(), r.body());
            }
        }
    }

    @Test
    void givenAPostgresThatNeverAnswers_whenChecked_thenTheCheckItselfAnswersNotReadyWithinItsBound() throws Exception {
        try (SilentServer silent = new SilentServer(); HikariDataSource ds = pool(silent.jdbcUrl())) {
            long start = System.nanoTime();
            ReadinessCheck.Status s = new DatabaseReadiness(ds).check();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFalse(s.ready(), s.detail());
            assertTrue(took.compareTo(Duration.ofMillis(700)) < 0, "the check took " + took);
        }
    }

    @Test
    void givenTheRunningPostgres_whenChecked_thenReady() {
        ReadinessCheck.Status s = new DatabaseReadiness(TestInfra.dataSource()).check();
        assertTrue(s.ready(), s.detail());
    }
}
