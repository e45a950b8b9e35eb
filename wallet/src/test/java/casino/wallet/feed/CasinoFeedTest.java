package casino.wallet.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.kafka.Topics;
import casino.infra.TestInfra;
import casino.wallet.EventLog;
import casino.wallet.WalletClient;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The casino feed on the real broker, events written to the topic directly (as the enricher will):
 * each event decided once even when delivered twice, balances never negative, and the sum of all
 * balances equals the credits minus the debits applied.
 */
class CasinoFeedTest {

    @Test
    void givenARandomFeedWithDuplicates_thenEachEventOnce_neverNegative_andBalancesEqualCreditsMinusDebits(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = WalletFixture.env("feed", dir);
        String casinoTopic = env.get(WalletSettings.WALLET_CASINO_TOPIC);
        String eventsTopic = env.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        Random random = new Random(7);
        List<CasinoEvent> feed = new ArrayList<>();
        Set<Long> moneyEvents = new HashSet<>();
        Instant t0 = Instant.parse("2026-01-10T12:00:00Z");
        for (long id = 1; id <= 600; id++) {
            long player = 10 + random.nextInt(5);
            EventType type = EventType.values()[random.nextInt(4)];
            long eur = 1 + random.nextInt(1999);
            Boolean won = type == EventType.BET ? random.nextInt(10) == 0 : null;
            feed.add(new CasinoEvent(id, player, type == EventType.DEPOSIT ? null : 100L + random.nextInt(10), type,
                    type.hasAmount() ? eur : null, type.hasAmount() ? "EUR" : null, won, t0.plusSeconds(id),
                    type.hasAmount() ? eur : null, null, null));
            if (type.hasAmount()) moneyEvents.add(id);
        }
        List<CasinoEvent> delivered = new ArrayList<>(feed);
        for (int i = 0; i < 100; i++) delivered.add(feed.get(random.nextInt(feed.size()))); // at-least-once upstream

        try (WalletService wallet = WalletService.start(WalletFixture.config(env));
             KafkaProducer<Long, CasinoEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new LongSerializer(), Topics.EVENT_SERDE.serializer())) {
            for (CasinoEvent e : delivered) producer.send(new ProducerRecord<>(casinoTopic, e.playerId(), e));
            producer.send(new ProducerRecord<>(casinoTopic, 99L, null)).get(); // a tombstone: dead-lettered, not fatal

            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            List<WalletEvent> outcomes;
            long expected = delivered.stream().filter(e -> e.type().hasAmount()).count();
            do {
                outcomes = EventLog.readAll(eventsTopic, Duration.ofSeconds(30));
                assertTrue(Instant.now().isBefore(deadline), "all " + expected + " outcomes within 90 s, got " + outcomes.size());
            } while (outcomes.size() < expected);
            assertEquals(expected, outcomes.size());

            Map<String, Integer> decided = new HashMap<>();
            Map<String, Long> net = new HashMap<>();
            long credits = 0;
            long debits = 0;
            for (WalletEvent e : outcomes) {
                assertTrue(e.getBalance().getMinor() >= 0, "never negative: " + e);
                if (e.getReplay()) continue;
                decided.merge(e.getFingerprint(), 1, Integer::sum);
                if (e.getOutcome() == Outcome.APPLIED) {
                    credits += e.getCreditMinor();
                    debits += e.getDebitMinor();
                    net.merge(e.getWalletId(), e.getCreditMinor() - e.getDebitMinor(), Long::sum);
                }
            }
            assertEquals(moneyEvents.size(), decided.size(), "every deposit and bet decided");
            decided.forEach((fp, n) -> assertEquals(1, n, fp + " decided once"));
            assertTrue(outcomes.stream().anyMatch(e -> e.getOutcome() == Outcome.REJECTED), "some bets were short of funds");

            WalletClient client = new WalletClient(wallet.port());
            long sum = 0;
            for (long player = 10; player < 15; player++) {
                var r = client.get("/details/" + CasinoFeed.walletId(player));
                assertEquals(200, r.status(), r.toString());
                BigDecimal balance = r.json().get("Balance").decimalValue();
                assertEquals(0, BigDecimal.valueOf(net.get(CasinoFeed.walletId(player)), 2).compareTo(balance), "player " + player);
                sum += balance.movePointRight(2).longValueExact();
            }
            assertEquals(credits - debits, sum, "sum of balances = credits - debits applied");
        }
    }
}
