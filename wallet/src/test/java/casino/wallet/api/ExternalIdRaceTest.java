package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one application: external ids stay unique, and every resource read works through either. */
class ExternalIdRaceTest {
    @TempDir
    static Path dirA;
    @TempDir
    static Path dirB;
    static WalletService a;
    static WalletService b;
    static WalletClient clientA;
    static WalletClient clientB;

    @BeforeAll
    static void start() throws InterruptedException {
        Map<String, String> env = WalletFixture.env("extrace", dirA);
        a = WalletService.start(WalletFixture.config(env));
        b = WalletService.start(WalletFixture.config(WalletFixture.sibling(env, dirB)));
        clientA = new WalletClient(a.port());
        clientB = new WalletClient(b.port());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!(RoutingTest.ownsPartitions(a) && RoutingTest.ownsPartitions(b) && ready(clientA) && ready(clientB))) {
            if (Instant.now().isAfter(deadline)) fail("both instances should own partitions within 90 s");
            Thread.sleep(200); // poll interval; the deadline above bounds the wait
        }
    }

    static boolean ready(WalletClient c) {
        return c.get("/ready").status() == 200;
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    /** Retries a request answered 503 (a rebalance may still be settling) until the deadline. */
    static Response settled(java.util.function.Supplier<Response> request) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Response r = request.get();
        while (r.status() == 503 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200); // Retry-After, bounded by the deadline
            r = request.get();
        }
        return r;
    }

    @Test
    void givenTwoInstancesRacingToCreateWalletsWithTheSameExternalId_thenExactlyOneWins_andBothFindTheWinner() throws Exception {
        int rounds = 10;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int round = 0; round < rounds; round++) {
            String ext = "crm-" + UUID.randomUUID();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> racers = new ArrayList<>();
            for (WalletClient c : List.of(clientA, clientB)) {
                // two different creates (a retry of the same body would be answered with the winner's wallet)
                String racer = c == clientA ? "a" : "b";
                racers.add(pool.submit(() -> {
                    go.await();
                    return settled(() -> c.post("/wallets", "{\"externalId\": \"" + ext + "\", \"labels\": {\"racer\": \"" + racer + "\"}}"));
                }));
            }
            go.countDown();
            Response first = racers.get(0).get();
            Response second = racers.get(1).get();
            List<Response> created = new ArrayList<>();
            for (Response r : List.of(first, second)) {
                if (r.status() == 201) created.add(r);
                else assertEquals("{\"error\":\"wallet already exists\",\"field\":\"externalId\"}", r.body(), r.toString());
            }
            assertEquals(1, created.size(), "exactly one create wins " + ext + ": " + first + " / " + second);
            String winner = created.get(0).json().get("id").asText();
            for (WalletClient c : List.of(clientA, clientB)) {
                Response found = settled(() -> c.get("/wallets?externalId=" + ext));
                assertEquals(200, found.status(), found.toString());
                assertEquals(winner, found.json().get("id").asText());
            }
        }
        pool.shutdown();
    }

    @Test
    void givenWalletsOnBothInstances_whenReadThroughEither_thenTheOwnerAnswers() throws Exception {
        for (int i = 0; i < 12; i++) {
            String id = "both-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
            WalletClient writer = i % 2 == 0 ? clientA : clientB;
            assertEquals(201, settled(() -> writer.post("/wallets", "{\"id\": \"" + id + "\"}")).status());
            assertEquals(201, settled(() -> writer.post("/wallets/" + id + "/transactions", "{\"amount\": 3, \"fingerprint\": \"f\"}")).status());
            for (WalletClient reader : List.of(clientA, clientB)) {
                assertEquals("3.00", settled(() -> reader.get("/wallets/" + id + "/balance")).body());
                assertEquals(1, settled(() -> reader.get("/wallets/" + id + "/transactions")).json().size());
                assertEquals(1, settled(() -> reader.get("/wallets/" + id + "/transactions/latest")).json().get("refno").asInt());
                assertEquals("{\"balance\":300}", settled(() -> reader.get("/wallet/" + id)).body());
                assertEquals(404, settled(() -> reader.get("/wallets/" + id + "-none")).status());
            }
        }
        assertTrue(RoutingTest.ownsPartitions(a) && RoutingTest.ownsPartitions(b), "both instances own wallets");
    }
}
