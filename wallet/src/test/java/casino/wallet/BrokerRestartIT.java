package casino.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 4: the wallet recovers by itself after a broker restart. Its own broker (fixed ports,
 * kept storage) is stopped and started again under a deposit load; {@code /ready} is 503 while the
 * broker is away and 200 after; every acknowledged deposit is in its wallet's history exactly once.
 */
class BrokerRestartIT {
    private static final int WALLETS = 8;
    private static final int CLIENTS = 4;

    /** One client: deposits of 1 EUR with its own fingerprints, retrying each until the wallet acknowledges it. */
    private record Client(int number, WalletClient http, Map<String, String> acknowledged, AtomicBoolean stop)
            implements Runnable {
        @Override
        public void run() {
            for (int n = 0; !stop.get(); n++) {
                String fingerprint = "c" + number + "-" + n;
                String wallet = "restart-" + (n % WALLETS);
                while (true) { // the same fingerprint until acknowledged: a retry is safe
                    int status;
                    try {
                        status = http.deposit(wallet, "1", fingerprint).status();
                    } catch (UncheckedIOException | IllegalStateException unreachable) {
                        status = -1;
                    }
                    if (status == 200 || status == 202) {
                        acknowledged.put(fingerprint, wallet);
                        break;
                    }
                    if (stop.get() && status == -1) return; // never acknowledged: not counted
                    pause(100);
                }
            }
        }
    }

    @Test
    void givenADepositLoad_whenTheBrokerRestarts_thenTheWalletRecoversAndEveryAcknowledgedDepositIsThereOnce() throws Exception {
        Path data = Files.createTempDirectory("restart-broker");
        Path state = Files.createTempDirectory("restart-wallet");
        int brokerPort = freePort();
        int controllerPort = freePort();
        EmbeddedKafka broker = EmbeddedKafka.onPorts(brokerPort, controllerPort, data, "localhost");
        Map<String, String> env = new HashMap<>(WalletFixture.env("restart", state));
        env.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        env.put(CommonSettings.TOPIC_PARTITIONS, "2");
        env.put(WalletSettings.WALLET_DEPOSIT_WAIT, "2s");
        env.put(CommonSettings.READINESS_REBALANCE_BOUND, "20s");
        WalletService wallet = WalletService.start(Config.of(env));
        WalletClient http = new WalletClient(wallet.port());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(Thread.ofPlatform().name("client-" + c).start(new Client(c, http, acknowledged, stop)));
            }
            await(() -> acknowledged.size() >= 100, Duration.ofSeconds(60), "100 deposits before the restart");

            broker.close();
            await(() -> http.get("/ready").status() == 503, Duration.ofSeconds(30), "/ready 503 with the broker away");
            int duringOutage = acknowledged.size();
            pause(5_000); // the outage lasts 5 s under the load (not a synchronisation)
            broker = EmbeddedKafka.onPorts(brokerPort, controllerPort, data, "localhost");

            await(() -> http.get("/ready").status() == 200, Duration.ofSeconds(180), "/ready 200 again after the restart");
            int afterRestart = acknowledged.size();
            await(() -> acknowledged.size() >= afterRestart + 100, Duration.ofSeconds(60),
                    "100 more deposits acknowledged after the restart (" + duringOutage + " before it)");
        } finally {
            stop.set(true);
            for (Thread t : clients) t.join(Duration.ofSeconds(30));
        }
        try {
            Map<String, Integer> seen = new HashMap<>();
            for (int w = 0; w < WALLETS; w++) {
                String id = "restart-" + w;
                List<JsonNode> history = history(http, id);
                for (JsonNode entry : history) seen.merge(entry.path("fingerprint").asText(entry.toString()), 1, Integer::sum);
                JsonNode details = http.get("/details/" + id).json();
                assertEquals(history.size(), details.get("Balance").asInt(), id + ": one entry of 1 EUR per deposit");
            }
            Set<String> twice = new java.util.TreeSet<>();
            seen.forEach((fp, count) -> { if (count > 1) twice.add(fp); });
            assertTrue(twice.isEmpty(), "deposits applied twice: " + twice);
            List<String> missing = acknowledged.keySet().stream().filter(fp -> !seen.containsKey(fp)).sorted().toList();
            assertTrue(missing.isEmpty(), missing.size() + " acknowledged deposits missing, e.g. " + missing.stream().limit(5).toList());
        } finally {
            wallet.close();
            broker.close();
        }
    }

    /** Every entry of a wallet's history, page by page. */
    private static List<JsonNode> history(WalletClient http, String id) {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            WalletClient.Response page = http.get("/wallets/" + id + "/transactions?limit=1000&offset=" + all.size());
            assertEquals(200, page.status(), page.toString());
            int before = all.size();
            page.json().forEach(all::add);
            if (all.size() - before < 1000) return all;
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // the server may not answer while it recovers
            }
            pause(200);
        }
        throw new AssertionError("not within " + timeout + ": " + what);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms); // poll or retry interval, bounded by a deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
