package casino.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.money.Conversion;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.WalletClient.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conservation under faults: 1,000 random transfers (same- and cross-currency) among 50 wallets in EUR,
 * USD and GBP from 8 concurrent clients against two wallet instances in separate JVMs; one is killed
 * with -9 in the middle and restarted. Clients retry a transfer with its fingerprint on the other
 * instance until answered. At the end no transfer is pending, every 201 is completed, each transfer's
 * debit, credit or refund is in the history exactly once, each credit is the debit's conversion, and
 * per currency the balances sum to the outside credits plus the recorded transfer entries.
 */
class ConservationTest {
    static final int WALLETS = 50;
    static final int TRANSFERS = 1_000;
    static final int CLIENTS = 8;
    static final String[] CURRENCIES = {"EUR", "USD", "GBP"};
    /** Units per EUR, set with /update_currencies as prices: EUR 1, USD 0.8, GBP 1.25 in a common unit. */
    static final Map<String, BigDecimal> PER_EUR = Map.of("EUR", BigDecimal.ONE, "USD", new BigDecimal("1.25"), "GBP", new BigDecimal("0.8"));

    record Sent(String from, String to, BigDecimal amount, String currency, String fingerprint) {
        String body() {
            return "{\"from\": \"" + from + "\", \"to\": \"" + to + "\", \"amount\": \"" + amount.toPlainString() + "\""
                    + (currency == null ? "" : ", \"currency\": \"" + currency + "\"") + ", \"fingerprint\": \"" + fingerprint + "\"}";
        }
    }

    /** Requests sent again because an instance was gone or answered 503 (the kill must cause some). */
    static final AtomicInteger RETRIES = new AtomicInteger();

    static String wallet(int i) {
        return "c-" + i;
    }

    static String currencyOf(String wallet) {
        return CURRENCIES[Integer.parseInt(wallet.substring(2)) % CURRENCIES.length];
    }

    @Test
    void givenTwoInstancesAndAKillInTheMiddle_when2000RandomTransfers_thenMoneyIsConservedPerCurrency(@TempDir Path dir) throws Exception {
        Map<String, String> env = WalletFixture.env("conserve", dir.resolve("a"));
        env.put(WalletSettings.WALLET_SESSION_TIMEOUT, "6s"); // the killed member's partitions move after 6 s
        env.put(WalletSettings.WALLET_COMMIT_INTERVAL, "20ms");
        Map<String, String> envB = WalletFixture.sibling(env, dir.resolve("b"));
        String eventsTopic = env.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        int portA = WalletProcess.freePort();
        int portB = WalletProcess.freePort();
        AtomicReference<WalletProcess> b = new AtomicReference<>();
        try (WalletProcess a = WalletProcess.start(env, portA, dir.resolve("a.log"))) {
            b.set(WalletProcess.start(envB, portB, dir.resolve("b.log")));
            List<WalletClient> instances = List.of(new WalletClient(portA), new WalletClient(portB));
            // setting rates is idempotent: a 503 while B joins the group (a rebalance) is retried like the other set-up calls
            Response rates = retried(instances, "/update_currencies", "{\"Rates\": {\"EUR\": 1, \"USD\": 0.8, \"GBP\": 1.25}}");
            assertEquals(200, rates.status(), rates.toString());
            Map<String, Long> outside = new HashMap<>();
            for (int i = 0; i < WALLETS; i++) {
                String w = wallet(i);
                // a create retried after a 503 may answer 409 (README: known gaps): the wallet exists either way
                int created = retried(instances, "/wallets", "{\"id\": \"" + w + "\", \"currency\": \"" + currencyOf(w) + "\"}").status();
                assertTrue(created == 201 || created == 409, w + " created: " + created);
                int funded = retried(instances, "/wallets/" + w + "/transactions", "{\"amount\": \"200.00\", \"fingerprint\": \"fund\"}").status();
                assertTrue(funded == 201 || funded == 200, w + " funded: " + funded); // 200: a retry's replay
                outside.merge(currencyOf(w), 20_000L, Long::sum);
            }
            // 8 clients, 1,000 transfers; instance B is killed after 350 answers and restarted at once
            Map<String, Sent> sent = new ConcurrentHashMap<>();
            Map<String, Integer> answered = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            CountDownLatch middle = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(31L * c + 7);
                Thread t = new Thread(() -> {
                    for (int n = next.getAndIncrement(); n < TRANSFERS; n = next.getAndIncrement()) {
                        int from = random.nextInt(WALLETS);
                        int to = (from + 1 + random.nextInt(WALLETS - 1)) % WALLETS;
                        String currency = random.nextBoolean() ? null : CURRENCIES[random.nextInt(3)];
                        Sent s = new Sent(wallet(from), wallet(to), BigDecimal.valueOf(100 + random.nextInt(2_000), 2), currency, "t-" + n);
                        sent.put(s.fingerprint(), s);
                        Response r = retried(instances, "/transfers", s.body());
                        answered.put(s.fingerprint(), r.status());
                        if (done.incrementAndGet() == 350) middle.countDown();
                    }
                });
                t.start();
                clients.add(t);
            }
            assertTrue(middle.await(5, java.util.concurrent.TimeUnit.MINUTES), "350 transfers answered");
            b.get().kill();
            b.set(WalletProcess.start(envB, portB, dir.resolve("b.log")));
            for (Thread t : clients) t.join(Duration.ofMinutes(5).toMillis());
            assertEquals(TRANSFERS, answered.size(), "every transfer answered");
            assertTrue(RETRIES.get() > 0, "the kill interrupted the load (requests were retried on the other instance)");
            answered.forEach((fp, status) -> assertTrue(status == 201 || status == 200 || status == 202 || status == 422,
                    fp + " answered " + status));

            // no transfer stays pending; every 201 is completed
            Map<String, JsonNode> transfers = new HashMap<>();
            for (Map.Entry<String, Integer> e : answered.entrySet()) {
                if (e.getValue() == 422) continue;
                Sent s = sent.get(e.getKey());
                String id = s.from() + ":" + java.util.UUID.nameUUIDFromBytes((s.from() + "/" + s.fingerprint()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                JsonNode t = settled(instances, id);
                if (e.getValue() == 201) assertEquals("completed", t.get("status").asText(), t.toString());
                transfers.put(id, t);
            }
            // the history: each transfer's debit once, and its credit or its refund once (never both, never neither)
            Map<String, List<Transaction>> byTransfer = new HashMap<>();
            Map<String, Long> entrySum = new HashMap<>();
            Map<String, Integer> entryIds = new HashMap<>();
            for (WalletEvent e : EventLog.readEverything(eventsTopic, Duration.ofSeconds(60))) {
                if (e.getExternalCase() != WalletEvent.ExternalCase.TRANSACTION_CREATED) continue;
                Transaction t = e.getTransactionCreated().getTransaction();
                assertEquals(1, entryIds.merge(t.getId(), 1, Integer::sum), "entry " + t.getId() + " appended once");
                entrySum.merge(t.getWalletId(), t.getAmount().getMinor(), Long::sum);
                if (!t.getTransferId().isEmpty()) byTransfer.computeIfAbsent(t.getTransferId(), k -> new ArrayList<>()).add(t);
            }
            Map<String, Long> transferNet = new HashMap<>();
            int completed = 0;
            for (Map.Entry<String, List<Transaction>> e : byTransfer.entrySet()) {
                List<EntryKind> kinds = e.getValue().stream().map(Transaction::getKind).sorted().toList();
                JsonNode t = transfers.get(e.getKey());
                assertTrue(t != null, "transfer " + e.getKey() + " in the history was answered to a client");
                boolean ok = t.get("status").asText().equals("completed");
                assertEquals(ok ? List.of(EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_IN) : List.of(EntryKind.TRANSFER_OUT, EntryKind.TRANSFER_REFUND),
                        kinds, e.getKey() + " " + t);
                if (ok) completed++;
                Transaction out = e.getValue().stream().filter(x -> x.getKind() == EntryKind.TRANSFER_OUT).findFirst().orElseThrow();
                for (Transaction x : e.getValue()) {
                    transferNet.merge(x.getAmount().getCurrency(), x.getAmount().getMinor(), Long::sum);
                    if (x.getKind() == EntryKind.TRANSFER_IN) assertEquals(converted(sent(sent, out), currencyOf(x.getWalletId())),
                            x.getAmount().getMinor(), "the credit is the requested amount converted once: " + x);
                }
            }
            assertEquals(transfers.size(), byTransfer.size(), "every accepted transfer is in the history");
            // per currency: balances = outside credits + the recorded transfer entries; each balance = its entries
            Map<String, Long> balances = new HashMap<>();
            for (int i = 0; i < WALLETS; i++) {
                String w = wallet(i);
                Response r = retriedGet(instances, "/wallets/" + w + "/balance");
                long minor = new BigDecimal(r.body()).movePointRight(2).longValueExact();
                assertTrue(minor >= 0, w + " never negative");
                assertEquals(entrySum.get(w), minor, "balance of " + w + " is the sum of its entries");
                balances.merge(currencyOf(w), minor, Long::sum);
            }
            for (String c : CURRENCIES) {
                assertEquals(outside.get(c) + transferNet.getOrDefault(c, 0L), balances.get(c), "conservation in " + c);
            }
            System.err.println("conservation: " + completed + " completed, " + (transfers.size() - completed) + " failed, "
                    + answered.values().stream().filter(s -> s == 422).count() + " refused, " + RETRIES.get() + " requests retried, "
                    + answered.values().stream().filter(s -> s == 200).count() + " answered as replays; net per currency " + transferNet);
        } finally {
            if (b.get() != null) b.get().close();
        }
    }

    static Sent sent(Map<String, Sent> sent, Transaction out) {
        return sent.get(out.getFingerprint());
    }

    /** The requested amount in the target's minor units: the one conversion rule, at the test's fixed rates. */
    static long converted(Sent s, String target) {
        String source = s.currency() == null ? currencyOf(s.from()) : s.currency();
        return Conversion.convert(s.amount(), PER_EUR.get(source), PER_EUR.get(target), 2).movePointRight(2).longValueExact();
    }

    /** Sends until an instance answers other than 503 (the other one on a lost connection), for at most 2 minutes. */
    static Response retried(List<WalletClient> instances, String path, String body) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        int i = (int) (Thread.currentThread().threadId() % instances.size());
        while (true) {
            try {
                Response r = instances.get(i).post(path, body);
                if (r.status() != 503) return r;
            } catch (RuntimeException lost) {
                // the instance is down: the same request (same fingerprint) to the other one
            }
            if (Instant.now().isAfter(deadline)) throw new AssertionError("no answer for " + path + " " + body);
            RETRIES.incrementAndGet();
            i = (i + 1) % instances.size();
            pause();
        }
    }

    static Response retriedGet(List<WalletClient> instances, String path) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        for (int i = 0; ; i = (i + 1) % instances.size()) {
            try {
                Response r = instances.get(i).get(path);
                if (r.status() == 200) return r;
            } catch (RuntimeException lost) {
                // try the other instance
            }
            if (Instant.now().isAfter(deadline)) throw new AssertionError("no answer for GET " + path);
            pause();
        }
    }

    /** The transfer once it is no longer pending (polled with a deadline). */
    static JsonNode settled(List<WalletClient> instances, String id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            JsonNode t = retriedGet(instances, "/transfers/" + id).json();
            if (!t.get("status").asText().equals("pending")) return t;
            if (Instant.now().isAfter(deadline)) throw new AssertionError("transfer " + id + " still pending: " + t);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100); // retry interval, bounded by the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
