package casino.wallet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.WalletClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The resource API under concurrent clients: refnos chain, nothing is lost, one fingerprint applies once. */
class ResourceConcurrencyTest extends ResourceApiFixture {
    @Test
    void givenFourClientsPosting100TransactionsConcurrently_thenAllAppliedWithRefnos1To100ChainingTheBalances() throws Exception {
        String id = wallet("chain", "0");
        int clients = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Response>>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                go.await();
                List<Response> mine = new ArrayList<>();
                // client 0 only credits: debits of the others may meet an empty wallet and are then refused (422)
                for (int i = 0; i < each; i++) mine.add(tx(id, client == 0 || i % 2 == 0 ? "3.00" : "-1.00", "c" + client + "-" + i));
                return mine;
            }));
        }
        go.countDown();
        Set<Long> refnos = new TreeSet<>();
        int applied = 0;
        for (Future<List<Response>> f : results) {
            for (Response r : f.get()) {
                if (r.status() == 422) continue;
                assertEquals(201, r.status(), r.toString());
                assertTrue(refnos.add(r.json().get("refno").asLong()), "refno given twice: " + r);
                applied++;
            }
        }
        pool.shutdown();
        List<JsonNode> history = list(server.client().get("/wallets/" + id + "/transactions?limit=1000"));
        assertEquals(applied, history.size());
        assertTrue(applied >= 60, "most transactions applied: " + applied);
        for (int i = 0; i < history.size(); i++) {
            JsonNode t = history.get(history.size() - 1 - i);
            assertEquals(i + 1, t.get("refno").asLong());
            if (i > 0) {
                assertEquals(history.get(history.size() - i).get("newbalance").decimalValue(), t.get("oldbalance").decimalValue(),
                        "oldbalance of refno " + (i + 1));
            }
            assertTrue(t.get("newbalance").decimalValue().signum() >= 0);
        }
        assertAmount(server.client().get("/wallets/" + id + "/balance").body(), history.get(0).get("newbalance"));
    }

    @Test
    void givenTwoConcurrentPostsWithDifferentFingerprints_thenBothApplyInSomeOrderWithConsecutiveChainedRefnos() throws Exception {
        String id = wallet("pair", "0");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Response> a = pool.submit(() -> {
            go.await();
            return tx(id, "2.00", "pair-a");
        });
        Future<Response> b = pool.submit(() -> {
            go.await();
            return tx(id, "5.00", "pair-b");
        });
        go.countDown();
        JsonNode ra = a.get().json();
        JsonNode rb = b.get().json();
        pool.shutdown();
        assertEquals(201, a.get().status(), a.get().toString());
        assertEquals(201, b.get().status(), b.get().toString());
        JsonNode first = ra.get("refno").asLong() == 1 ? ra : rb;
        JsonNode second = first == ra ? rb : ra;
        assertEquals(1, first.get("refno").asLong());
        assertEquals(2, second.get("refno").asLong());
        assertAmount("0.00", first.get("oldbalance"));
        assertEquals(0, first.get("newbalance").decimalValue().compareTo(second.get("oldbalance").decimalValue()), "chained");
        assertAmount("7.00", second.get("newbalance"));
        assertEquals("7.00", server.client().get("/wallets/" + id + "/balance").body());
    }

    @Test
    void givenEightClientsPostingTheSameFingerprintAtOnce_thenExactlyOneApplies_andTheOthersReplayIt() throws Exception {
        String id = wallet("race", "0");
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(pool.submit(() -> {
                go.await();
                return tx(id, "7.00", "same-key");
            }));
        }
        go.countDown();
        int created = 0;
        Set<String> ids = new HashSet<>();
        for (Future<Response> f : results) {
            Response r = f.get();
            if (r.status() == 201) created++;
            else {
                assertEquals(200, r.status(), r.toString());
                assertEquals("true", r.header(WalletRoutes.REPLAYED));
            }
            ids.add(r.json().get("id").asText());
        }
        pool.shutdown();
        assertEquals(1, created, "exactly one applied");
        assertEquals(1, ids.size(), "every answer is that one transaction");
        assertEquals("7.00", server.client().get("/wallets/" + id + "/balance").body());
    }
}
