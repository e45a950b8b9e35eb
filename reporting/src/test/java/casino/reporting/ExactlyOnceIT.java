package casino.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once into Postgres under failure: the service killed with SIGKILL during a load and
 * restarted; Postgres frozen with SIGSTOP during a load ({@code -Dreporting.pgPause}, 30 s by
 * default as in the issue) and resumed. Either way the mirrored count and sum equal what was produced.
 */
class ExactlyOnceIT {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Duration PG_PAUSE = Config.of(Map.of("pause", System.getProperty("reporting.pgPause", "30s")))
            .duration("pause", Duration.ofSeconds(30));

    @Test
    void killNineDuringALoadThenRestartMirrorsEveryEntryOnce(@TempDir Path dir) throws Exception {
        // Given the service in its own JVM, writing small batches, and a load of 30,000 entries at ~4,000/s
        String topic = Fixture.newTopic();
        Map<String, String> env = Fixture.settings(topic, Map.of(ReportingSettings.REPORTING_BATCH_RECORDS, "300"));
        Path log = dir.resolve("reporting.log");
        Fixture.Entries produced;
        try (Load load = new Load(topic, 200, 30_000, 4_000)) {
            try (ReportingProcess first = ReportingProcess.start(env, log)) {
                load.start();
                // When it is killed with SIGKILL after some of the load is mirrored
                Fixture.awaitEntries(load.wallets(), 5_000, WAIT);
                first.kill();
            }
            long atKill = Fixture.entries(load.wallets()).count();
            assertTrue(atKill < 30_000, "the kill must come during the load, " + atKill + " were mirrored");
            // and restarted while the load goes on
            try (ReportingProcess second = ReportingProcess.start(env, log)) {
                produced = load.finish();
                // Then every entry is in Postgres exactly once: count and sum equal what was produced
                Fixture.Entries mirrored = Fixture.awaitEntries(load.wallets(), produced.count(), WAIT);
                assertEquals(produced, mirrored, "see " + log + ": " + Files.readString(log).lines().filter(
                        l -> l.contains("WARN") || l.contains("ERROR")).limit(20).toList());
            }
        }
    }

    @Test
    void postgresFrozenDuringALoadThenResumedLosesAndDoublesNothing(@TempDir Path dir) throws Exception {
        // Given the service (statements time out after 2 s, retries at most 1 s apart) and a 20,000-entry load
        String topic = Fixture.newTopic();
        Map<String, String> env = Fixture.settings(topic, Map.of(ReportingSettings.REPORTING_BATCH_RECORDS, "500",
                ReportingSettings.REPORTING_DB_SOCKET_TIMEOUT, "2s", ReportingSettings.REPORTING_RETRY_MAX, "1s"));
        Path log = dir.resolve("reporting.log");
        int rate = (int) Math.max(500, 20_000 / (PG_PAUSE.toSeconds() + 10));
        try (Load load = new Load(topic, 100, 20_000, rate); ReportingProcess service = ReportingProcess.start(env, log)) {
            ReportingClient client = new ReportingClient(service.port());
            load.start();
            Fixture.awaitEntries(load.wallets(), 1_000, WAIT);
            // When every Postgres process is stopped (SIGSTOP) for the pause, while the load goes on
            List<ProcessHandle> postgres = FrozenPostgres.processes();
            long pausedAt = System.nanoTime();
            FrozenPostgres.signal("STOP", postgres);
            try {
                Fixture.await(PG_PAUSE, () -> "/ready still 200 while Postgres is stopped",
                        () -> client.get("/ready").status() == 503);
                long left = PG_PAUSE.toMillis() - (System.nanoTime() - pausedAt) / 1_000_000;
                if (left > 0) Thread.sleep(left); // the length of the outage itself, not synchronisation
            } finally {
                FrozenPostgres.signal("CONT", postgres);
            }
            assertTrue(load.produced() < 20_000, "the pause must come during the load, all was produced");
            // Then after the resume it catches up by itself: count and sum equal what was produced
            Fixture.Entries produced = load.finish();
            Fixture.Entries mirrored = Fixture.awaitEntries(load.wallets(), produced.count(), WAIT);
            assertEquals(produced, mirrored);
            Fixture.await(WAIT, () -> "/ready after the resume", () -> client.get("/ready").status() == 200);
            // and it got there by failing and retrying, not by waiting on one statement
            assertTrue(Files.readString(log).contains("mirror paused, retrying"), "no retry in " + log);
        }
    }
}
