package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.api.WalletRoutes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's state survives restarts: replays stay replays, and a deleted state dir is rebuilt from the changelog. */
class RecoveryTest {

    static BigDecimal balance(WalletClient c, String wallet) {
        Response r = c.get("/details/" + wallet);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("Balance").decimalValue();
    }

    @Test
    void givenAnAppliedFingerprint_whenTheLedgerRestarts_thenTheReplayIsStillNotApplied(@TempDir Path dir) {
        Map<String, String> env = WalletFixture.env("restart", dir);
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            assertEquals(200, new WalletClient(w.port()).deposit("w-restart", "25", "pay-1").status());
        }
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            Response replay = c.deposit("w-restart", "25", "pay-1");
            assertEquals(200, replay.status(), replay.toString());
            assertEquals("true", replay.header(WalletRoutes.REPLAYED));
            assertEquals(new BigDecimal("25"), balance(c, "w-restart"));
        }
    }

    @Test
    void givenTheStateDirectoryIsDeleted_whenTheLedgerRestarts_thenBalancesFlagsAndFingerprintsAreRestored(@TempDir Path dir) throws IOException {
        Map<String, String> env = WalletFixture.env("restore", dir);
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            for (int i = 0; i < 20; i++) assertEquals(200, c.deposit("w-restore-" + (i % 5), "3000.25", "r-" + i).status());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
        assertTrue(Files.list(dir).findAny().isEmpty(), "state directory emptied");
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            for (int i = 0; i < 5; i++) {
                Response r = c.get("/details/w-restore-" + i);
                assertEquals(200, r.status(), r.toString());
                assertEquals(new BigDecimal("12001"), r.json().get("Balance").decimalValue());
                assertTrue(r.json().get("AboveThreshold").asBoolean(), "4 x 3000.25 within 2 minutes is above: " + r);
            }
            Response replay = c.deposit("w-restore-0", "3000.25", "r-0");
            assertEquals("true", replay.header(WalletRoutes.REPLAYED), "fingerprints restored too");
        }
    }
}
