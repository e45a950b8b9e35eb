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
    void givenTheStateDirectoryIsDeleted_whenTheLedgerRestarts_thenBalancesFlagsFingerprintsHistoryAndClaimsAreRestored(@TempDir Path dir) throws IOException {
        Map<String, String> env = WalletFixture.env("restore", dir);
        try (WalletService w = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(w.port());
            for (int i = 0; i < 20; i++) assertEquals(200, c.deposit("w-restore-" + (i % 5), "3000.25", "r-" + i).status());
            assertEquals(201, c.post("/wallets", "{\"id\": \"w-history\", \"externalId\": \"crm-restore\"}").status());
            for (int i = 1; i <= 3; i++) {
                assertEquals(201, c.post("/wallets/w-history/transactions", "{\"amount\": " + i + ", \"fingerprint\": \"t-" + i + "\"}").status());
            }
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
            Response history = c.get("/wallets/w-history/transactions");
            assertEquals(3, history.json().size(), "history restored: " + history);
            assertEquals(3, history.json().get(0).get("refno").asInt());
            assertEquals("w-history", c.get("/wallets?externalId=crm-restore").json().get("id").asText(), "external id claims restored");
            assertEquals(409, c.post("/wallets", "{\"externalId\": \"crm-restore\"}").status());
            Response next = c.post("/wallets/w-history/transactions", "{\"amount\": 4, \"fingerprint\": \"t-4\"}");
            assertEquals(4, next.json().get("refno").asInt(), "refno continues after the restore: " + next);
            String voidPath = "/wallets/w-history/transactions/" + history.json().get(2).get("id").asText() + "/void";
            assertEquals(201, c.post(voidPath, "").status(), "the id index restored: the first entry can be voided");
        }
    }
}
