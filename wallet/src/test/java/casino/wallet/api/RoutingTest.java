package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one application: any instance answers for any wallet, never a wrong balance. */
class RoutingTest {
    static final int WALLETS = 40;

    static boolean ownsPartitions(WalletService s) {
        return s.ledger().streams().metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks).mapToInt(java.util.Set::size).sum() > 0;
    }

    @Test
    void givenTwoInstances_whenReadingAnyWalletFromEither_thenTheOwnerAnswers_and503DuringTheRebalance(
            @TempDir Path dirA, @TempDir Path dirB) throws Exception {
        Map<String, String> env = WalletFixture.env("routing", dirA);
        try (WalletService a = WalletService.start(WalletFixture.config(env))) {
            WalletClient clientA = new WalletClient(a.port());
            for (int i = 0; i < WALLETS; i++) {
                assertEquals(200, clientA.deposit("route-" + i, Integer.toString(i + 1), null).status());
            }
            // while B joins, every answer from A is the right balance or a 503 with Retry-After
            AtomicBoolean joining = new AtomicBoolean(true);
            ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
            AtomicInteger unavailable = new AtomicInteger();
            AtomicInteger answered = new AtomicInteger();
            Thread reader = new Thread(() -> {
                while (joining.get()) {
                    int i = ThreadLocalRandom.current().nextInt(WALLETS);
                    Response r = clientA.get("/details/route-" + i);
                    if (r.status() == 503 && r.header("Retry-After") != null) unavailable.incrementAndGet();
                    else if (r.status() == 200 && r.json().get("Balance").decimalValue().compareTo(BigDecimal.valueOf(i + 1)) == 0) answered.incrementAndGet();
                    else wrong.add("route-" + i + ": " + r);
                }
            });
            reader.start();
            try (WalletService b = WalletService.start(WalletFixture.config(WalletFixture.sibling(env, dirB)))) {
                WalletClient clientB = new WalletClient(b.port());
                Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                while (!(ownsPartitions(a) && ownsPartitions(b) && allAnswer(clientA) && allAnswer(clientB))) {
                    if (Instant.now().isAfter(deadline)) {
                        fail("both instances should own partitions and answer every wallet within 90 s (a owns: "
                                + ownsPartitions(a) + ", b owns: " + ownsPartitions(b) + ")");
                    }
                    Thread.sleep(200); // poll interval; the deadline above bounds the wait
                }
                joining.set(false);
                reader.join();
                assertTrue(wrong.isEmpty(), "wrong answers during the rebalance: " + wrong);
                assertTrue(answered.get() > 0);
                for (int i = 0; i < WALLETS; i++) {
                    assertEquals(BigDecimal.valueOf(i + 1), clientB.get("/details/route-" + i).json().get("Balance").decimalValue());
                }
                // a deposit through B to any wallet is answered as of that deposit, and A sees it
                for (int i = 0; i < WALLETS; i += 7) {
                    Response r = clientB.deposit("route-" + i, "100", null);
                    assertEquals(BigDecimal.valueOf(i + 101), r.json().get("Balance").decimalValue(), r.toString());
                    assertEquals(BigDecimal.valueOf(i + 101), clientA.get("/details/route-" + i).json().get("Balance").decimalValue());
                }
                assertEquals(404, clientB.get("/details/route-none").status());
                System.err.println("routing: answered " + answered + ", 503 " + unavailable + " while B joined");
            } finally {
                joining.set(false);
            }
        }
    }

    static boolean allAnswer(WalletClient client) {
        for (int i = 0; i < WALLETS; i++) {
            Response r = client.get("/details/route-" + i);
            if (r.status() != 200) {
                assertNotNull(r.header("Retry-After"), r.toString());
                return false;
            }
        }
        return true;
    }

}
