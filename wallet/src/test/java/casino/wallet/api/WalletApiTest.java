package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.RunningWallet;
import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP contract of issue 5 against a real wallet on the in-process broker. */
class WalletApiTest {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("api");

    static BigDecimal balance(Response r) {
        return r.json().get("Balance").decimalValue();
    }

    @Test
    void givenANewWallet_whenDeposit_thenItIsCreatedAndTheAnswerIsAsOfThatDeposit() {
        Response first = server.client().deposit("walletID001", "8000", null);
        assertEquals(200, first.status(), first.toString());
        assertEquals("{\"WalletID\":\"walletID001\",\"Balance\":8000,\"AboveThreshold\":false}", first.body());
        Response details = server.client().get("/details/walletID001");
        assertEquals(200, details.status());
        assertEquals(first.body(), details.body(), "read-your-writes: GET sees the deposit");
        Response second = server.client().deposit("walletID001", "2000.01", null);
        assertEquals(new BigDecimal("10000.01"), balance(second));
        assertTrue(second.json().get("AboveThreshold").asBoolean(), "10,000.01 within 2 minutes is above");
    }

    @Test
    void givenAnUnknownWallet_whenDetails_then404Json_andABadIdIs400() {
        Response r = server.client().get("/details/nobody-here");
        assertEquals(404, r.status());
        assertEquals("wallet nobody-here not found", r.json().get("error").asText());
        Response bad = server.client().get("/details/bad%20id");
        assertEquals(400, bad.status());
        assertEquals("wallet_id", bad.json().get("field").asText());
    }

    @Test
    void givenBadBodies_thenJsonErrorsNamingTheField() {
        Response negative = server.client().deposit("w-err", "-1", null);
        assertEquals(400, negative.status());
        assertEquals("{\"error\":\"Amount must be positive\",\"field\":\"Amount\"}", negative.body());
        Response malformed = server.client().post("/deposit", "{\"WalletID\": ");
        assertEquals(400, malformed.status());
        assertNotNull(malformed.json().get("error"));
        Response wrongType = server.client().post("/deposit", "{\"WalletID\": \"w\", \"Amount\": true}");
        assertEquals("Amount", wrongType.json().get("field").asText());
        Response unknown = server.client().post("/deposit", "{\"WalletID\": \"w\", \"Amount\": 1, \"Balance\": 5}");
        assertEquals("Balance", unknown.json().get("field").asText());
        Response huge = server.client().post("/deposit", "{\"WalletID\": \"w\", \"Amount\": 1, \"x\": \"" + "a".repeat(70_000) + "\"}");
        assertEquals(413, huge.status());
        assertNotNull(huge.json().get("error"));
        assertEquals(404, server.client().get("/details/w-err").status(), "no bad request created the wallet");
    }

    @Test
    void givenTheSameFingerprintTwice_thenAppliedOnce_andTheReplayAnswersTheOriginal() {
        Response first = server.client().deposit("w-replay", "10", "job-1");
        Response again = server.client().deposit("w-replay", "10", "job-1");
        assertEquals(200, again.status());
        assertEquals("true", again.header(WalletRoutes.REPLAYED));
        assertNull(first.header(WalletRoutes.REPLAYED));
        assertEquals(first.body(), again.body());
        Response other = server.client().deposit("w-replay", "11", "job-1");
        assertEquals(409, other.status());
        assertEquals("Fingerprint", other.json().get("field").asText());
        assertEquals(new BigDecimal("10"), balance(server.client().get("/details/w-replay")));
    }

    @Test
    void givenTwoConcurrentClientsWithTheSameFingerprints_thenEachDepositIsAppliedOnce() throws Exception {
        int clients = 2;
        int deposits = 30;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Response>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                go.await();
                List<Response> mine = new ArrayList<>();
                for (int i = 0; i < deposits; i++) mine.add(server.client().deposit("w-race", "1.5", "race-" + i));
                return mine;
            }));
        }
        go.countDown();
        int applied = 0;
        int replayed = 0;
        for (Future<List<Response>> f : results) {
            for (Response r : f.get()) {
                assertEquals(200, r.status(), r.toString());
                if ("true".equals(r.header(WalletRoutes.REPLAYED))) replayed++;
                else applied++;
            }
        }
        pool.shutdown();
        assertEquals(deposits, applied, "each fingerprint applied by exactly one client");
        assertEquals(deposits * (clients - 1), replayed);
        assertEquals(new BigDecimal("45"), balance(server.client().get("/details/w-race")));
    }

    @Test
    void givenTheLedgerIsSlowerThanTheDepositWait_then202WithALocationThatAnswersOnceApplied(@TempDir Path dir) {
        Map<String, String> env = WalletFixture.env("slow", dir);
        env.put(WalletSettings.WALLET_DEPOSIT_WAIT, "0ms");
        env.put(WalletSettings.WALLET_POLL_WAIT, "3s");
        try (WalletService impatient = WalletService.start(WalletFixture.config(env))) {
            WalletClient c = new WalletClient(impatient.port());
            Response accepted = c.deposit("w-slow", "42", null);
            assertEquals(202, accepted.status(), accepted.toString());
            String location = accepted.header("Location");
            assertTrue(location.startsWith("/details/w-slow?wait_for="), location);
            assertEquals(accepted.json().get("RequestID").asText(), location.substring(location.indexOf('=') + 1));
            Response polled = c.get(location);
            assertEquals(200, polled.status(), polled.toString());
            assertEquals(new BigDecimal("42"), balance(polled));
            Response unknown = c.get("/details/w-slow?wait_for=" + java.util.UUID.randomUUID());
            assertEquals(202, unknown.status(), "an unknown request id stays pending");
        }
    }
}
