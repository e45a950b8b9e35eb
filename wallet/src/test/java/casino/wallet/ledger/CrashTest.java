package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.EventLog;
import casino.wallet.WalletClient;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletFixture;
import casino.wallet.WalletProcess;
import casino.wallet.WalletSettings;
import casino.wallet.api.WalletRoutes;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WalletMain as a separate process: kill -9 in the middle of deposits, and SIGTERM. */
class CrashTest {
    static final int WALLETS = 6;

    record Attempt(String wallet, String fingerprint, long cents) {}

    @Test
    void givenAStreamOfDeposits_whenTheServiceIsKilledAndRestarted_thenEveryAcknowledgedDepositIsInTheBalanceExactlyOnce(
            @TempDir Path dir) throws Exception {
        Map<String, String> env = WalletFixture.env("kill", dir.resolve("state"));
        env.put(WalletSettings.WALLET_SESSION_TIMEOUT, "10s"); // the killed member's partitions move after 10 s, not 45 s
        String eventsTopic = env.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        int port = WalletProcess.freePort();
        Path log = dir.resolve("wallet.log");
        Map<String, Attempt> attempted = new ConcurrentHashMap<>();
        Map<String, Attempt> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger acks = new AtomicInteger();
        try (WalletProcess wallet = WalletProcess.start(env, port, log)) {
            WalletClient client = new WalletClient(port);
            CountDownLatch enough = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread c = new Thread(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        Attempt a = new Attempt("kill-" + (i % WALLETS), "k-" + thread + "-" + i, 100 + i % 7);
                        attempted.put(a.fingerprint(), a);
                        try {
                            Response r = client.deposit(a.wallet(), BigDecimal.valueOf(a.cents(), 2).toPlainString(), a.fingerprint());
                            if (r.status() == 200) {
                                acknowledged.put(a.fingerprint(), a);
                                if (acks.incrementAndGet() >= 200) enough.countDown();
                            }
                        } catch (RuntimeException connectionLost) {
                            return; // the service is gone: this deposit is unacknowledged
                        }
                    }
                });
                c.start();
                clients.add(c);
            }
            assertTrue(enough.await(120, java.util.concurrent.TimeUnit.SECONDS), "200 deposits acknowledged in time");
            wallet.kill();
            for (Thread c : clients) c.join(30_000);
        }
        assertTrue(acknowledged.size() >= 200);
        try (WalletProcess wallet = WalletProcess.start(env, port, log)) {
            WalletClient client = new WalletClient(port);
            // 0. commands the broker took before the kill are applied after the restart: a barrier per wallet (a void
            // of an unknown entry changes nothing) is answered only once everything before it on its partition is committed
            for (int w = 0; w < WALLETS; w++) {
                String barrier = "/wallets/kill-" + w + "/transactions/" + java.util.UUID.randomUUID() + "/void";
                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                Response r = client.post(barrier, "");
                while (r.status() == 503 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200); // Retry-After, bounded by the deadline
                    r = client.post(barrier, "");
                }
                assertEquals(404, r.status(), "barrier for kill-" + w + ": " + r);
            }
            // 1. the committed outcomes: no fingerprint applied twice, every acknowledged one applied once
            Map<String, Integer> applied = new HashMap<>();
            Map<String, Long> appliedSum = new HashMap<>();
            for (WalletEvent e : EventLog.readAll(eventsTopic, Duration.ofSeconds(60))) {
                if (e.getOutcome() == Outcome.APPLIED && !e.getReplay()) {
                    applied.merge(e.getFingerprint(), 1, Integer::sum);
                    appliedSum.merge(e.getWalletId(), e.getCreditMinor(), Long::sum);
                }
            }
            applied.forEach((fp, n) -> assertEquals(1, n, "fingerprint " + fp + " applied " + n + " times"));
            for (String fp : acknowledged.keySet()) assertEquals(1, applied.getOrDefault(fp, 0), "acknowledged " + fp);
            // 2. each balance is exactly the sum of the deposits applied to it
            for (int w = 0; w < WALLETS; w++) {
                Response r = client.get("/details/kill-" + w);
                assertEquals(200, r.status(), r.toString());
                assertEquals(BigDecimal.valueOf(appliedSum.get("kill-" + w), 2).compareTo(r.json().get("Balance").decimalValue()), 0,
                        "balance of kill-" + w);
            }
            // 3. clients retry everything they tried: acknowledged ones are replays, the rest applied now, once
            for (Attempt a : attempted.values()) {
                Response r = client.deposit(a.wallet(), BigDecimal.valueOf(a.cents(), 2).toPlainString(), a.fingerprint());
                assertEquals(200, r.status(), r.toString());
                if (acknowledged.containsKey(a.fingerprint())) assertEquals("true", r.header(WalletRoutes.REPLAYED), a.toString());
            }
            Map<String, Long> expected = new HashMap<>();
            attempted.values().forEach(a -> expected.merge(a.wallet(), a.cents(), Long::sum));
            for (int w = 0; w < WALLETS; w++) {
                BigDecimal balance = client.get("/details/kill-" + w).json().get("Balance").decimalValue();
                assertEquals(0, BigDecimal.valueOf(expected.get("kill-" + w), 2).compareTo(balance), "kill-" + w + " after retries");
            }
            System.err.println("kill -9: " + acknowledged.size() + " acknowledged, " + attempted.size() + " attempted, "
                    + applied.size() + " applied before the retry");
        }
    }

    @Test
    void givenARequestInFlight_whenSigterm_thenItIsAnsweredAndTheServiceClosesWithin10Seconds(@TempDir Path dir) throws Exception {
        Map<String, String> env = WalletFixture.env("sigterm", dir.resolve("state"));
        env.put(WalletSettings.WALLET_POLL_WAIT, "3s");
        int port = WalletProcess.freePort();
        try (WalletProcess wallet = WalletProcess.start(env, port, dir.resolve("wallet.log"))) {
            WalletClient client = new WalletClient(port);
            assertEquals(200, client.deposit("term-1", "5", null).status());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            // the deposit's answer may reach us before the server counts it out: start from zero in flight
            while (client.get("/ready").json().path("in_flight").asInt() != 0) {
                assertTrue(Instant.now().isBefore(deadline), "the deposit left the in-flight count");
                Thread.sleep(20); // poll interval, bounded by the deadline
            }
            // a long poll for a request that never comes: in flight for 3 s
            var longPoll = java.util.concurrent.CompletableFuture.supplyAsync(() -> client.get("/details/term-1?wait_for=" + java.util.UUID.randomUUID()));
            while (client.get("/ready").json().path("in_flight").asInt() < 1) {
                assertTrue(Instant.now().isBefore(deadline), "the long poll reached the server");
                Thread.sleep(20); // poll interval, bounded by the deadline
            }
            Instant sent = Instant.now();
            wallet.process().destroy(); // SIGTERM
            Response answered = longPoll.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(202, answered.status(), "the in-flight request finished normally: " + answered);
            assertTrue(wallet.process().waitFor(15, java.util.concurrent.TimeUnit.SECONDS), "exited");
            Duration took = Duration.between(sent, Instant.now());
            System.err.println("SIGTERM to exit with a request in flight: " + took.toMillis() + " ms");
            assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "closed within 10 s, took " + took);
            assertFalse(wallet.process().isAlive());
            assertTrue(java.nio.file.Files.readString(dir.resolve("wallet.log")).contains("wallet shutting down"), "graceful path taken");
        }
    }
}
