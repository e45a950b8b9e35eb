package casino.faults;

import casino.infra.TopicReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.faults.DepositLoad.Attempt;
import casino.wallet.ledger.EventRecords;
import casino.wallet.topics.WalletTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the ledger did with a {@link DepositLoad}: every committed outcome on wallet.events (read_committed)
 * counted by fingerprint, every balance read, every unknown attempt (not answered 200) looked up by its
 * fingerprint, one by one. Asserts: no fingerprint applied twice, every acknowledged deposit applied,
 * each balance = acknowledged deposits + the unknown ones found applied.
 */
public final class LedgerAudit {
    /** {@code unknownApplied}/{@code unknownNotApplied}: the attempts not answered 200, fully applied or not at all. */
    public record Result(int acknowledged, int unknownApplied, int unknownNotApplied, int eventsRead) {}

    private LedgerAudit() {}

    public static Result check(WalletChild wallet, DepositLoad load, String bootstrapServers) throws InterruptedException {
        awaitBarriers(wallet, load.wallets());
        Map<String, Integer> applied = new HashMap<>();
        Map<String, Long> appliedCents = new HashMap<>();
        List<WalletEvent> events = outcomes(bootstrapServers, wallet.topic("wallet.events"), Duration.ofSeconds(60));
        for (WalletEvent e : events) {
            if (e.getOutcome() == Outcome.APPLIED && !e.getReplay()) {
                applied.merge(e.getFingerprint(), 1, Integer::sum);
                appliedCents.merge(e.getWalletId(), e.getCreditMinor(), Long::sum);
            }
        }
        applied.forEach((fp, n) -> assertEquals(1, n, "fingerprint " + fp + " applied " + n + " times"));
        Map<String, Long> expected = new HashMap<>();
        int acknowledged = 0;
        int unknownApplied = 0;
        int unknownNotApplied = 0;
        for (Attempt a : load.attempts()) {
            boolean inLog = applied.containsKey(a.fingerprint());
            if (a.acknowledged()) {
                acknowledged++;
                assertTrue(inLog, "acknowledged deposit not applied: " + a);
            } else {
                // one by one, through the API as well: the entry of that fingerprint, or none
                WalletChild.Response r = wallet.get("/wallets/" + a.wallet() + "/transactions?fingerprint=" + a.fingerprint());
                assertEquals(200, r.status(), r.toString());
                boolean inApi = !r.body().replace(" ", "").equals("[]");
                assertEquals(inLog, inApi, "the log and the API agree on " + a + ": " + r.body());
                if (inLog) unknownApplied++;
                else unknownNotApplied++;
            }
            if (inLog) expected.merge(a.wallet(), a.cents(), Long::sum);
        }
        for (String w : load.wallets()) {
            WalletChild.Response r = wallet.get("/details/" + w);
            assertEquals(200, r.status(), r.toString());
            BigDecimal balance = new BigDecimal(r.body().replaceAll(".*\"Balance\"\\s*:\\s*([-0-9.]+).*", "$1"));
            long cents = expected.getOrDefault(w, 0L);
            assertEquals(0, BigDecimal.valueOf(cents, 2).compareTo(balance), "balance of " + w + ": " + r.body());
            assertEquals(cents, appliedCents.getOrDefault(w, 0L), "applied credits of " + w);
        }
        return new Result(acknowledged, unknownApplied, unknownNotApplied, events.size());
    }

    /**
     * A void of an unknown entry per wallet: answered (404) only once everything before it on the wallet's
     * partition is committed, so the log read next holds every command the broker took.
     */
    private static void awaitBarriers(WalletChild wallet, List<String> wallets) throws InterruptedException {
        for (String w : wallets) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            WalletChild.Response r = wallet.post("/wallets/" + w + "/transactions/" + UUID.randomUUID() + "/void", "",
                    Duration.ofSeconds(30));
            while (r.status() != 404 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200); // Retry-After, bounded by the deadline
                r = wallet.post("/wallets/" + w + "/transactions/" + UUID.randomUUID() + "/void", "", Duration.ofSeconds(30));
            }
            assertEquals(404, r.status(), "barrier for " + w + ": " + r);
        }
    }

    /** Every committed outcome on {@code topic} (read_committed), the items of "Outcomes" records included. */
    static List<WalletEvent> outcomes(String bootstrapServers, String topic, Duration timeout) {
        List<WalletEvent> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.toEnd(bootstrapServers, topic, timeout)) {
            List<EventRecords.Answer> answers = EventRecords.answers(r.key(), r.headers(), r.value());
            if (answers.isEmpty()) continue; // an external event (WalletCreated, ...), not an outcome
            answers.forEach(a -> events.add(WalletTopics.EVENT_SERDE.deserializer().deserialize(topic, a.value())));
        }
        return events;
    }
}
