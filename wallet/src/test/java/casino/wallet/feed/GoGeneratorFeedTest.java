package casino.wallet.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventReader;
import casino.common.event.EventType;
import casino.infra.TestInfra;
import casino.infra.UpstreamEvents;
import casino.wallet.WalletClient;
import casino.wallet.WalletFixture;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21 item 5 on the real broker: the Go generator's stream (every field on every type, amounts of 0
 * omitted), enriched here with amount_eur at fixed integer rates, goes through the casino topic into the
 * wallet: 2,000 events, then a restarted producer's 500 with ids from 1 again, then exact repeats of the
 * first run. Every deposit and bet reaches its player's wallet (the balances equal those computed from the
 * events by the ledger's rules), the reused ids are new events, and the repeats change nothing.
 */
class GoGeneratorFeedTest {
    static final long PAYOUT = 2;

    @Test
    void givenTheGoGeneratorsStreamAndARestartedProducer_whenFed_thenEveryBalanceIsTheEventsSum_andExactRepeatsChangeNothing(
            @TempDir Path dir) {
        Map<String, String> env = WalletFixture.env("go-feed", dir);
        String casinoTopic = env.get(WalletSettings.WALLET_CASINO_TOPIC);
        List<String> run = new ArrayList<>(UpstreamEvents.goGenerator(21, 2_000, 1));
        run.addAll(UpstreamEvents.goGenerator(22, 500, 1)); // the producer restarted: ids from 1 again
        Map<Long, Long> expected = new HashMap<>();
        Map<Long, Boolean> exists = new HashMap<>();
        try (WalletService wallet = WalletService.start(WalletFixture.config(env));
             KafkaProducer<Long, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new LongSerializer(), new ByteArraySerializer())) {
            // Given the stream, enriched, in order per player (key = player id)
            for (String line : run) {
                CasinoEvent e = EventReader.read(line.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(casinoTopic, e.playerId(), enriched(line, e)));
                apply(expected, exists, e);
            }
            // And exact repeats of the first run's first 300 events (a producer's retries)
            for (String line : run.subList(0, 300)) {
                CasinoEvent e = EventReader.read(line.getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(casinoTopic, e.playerId(), enriched(line, e)));
            }
            // And, last on each player's partition, a deposit of 0.01 EUR with a new id: when it is applied, all before it is
            for (long player = 10; player < 20; player++) {
                String sentinel = "{\"id\":" + (900_000 + player) + ",\"player_id\":" + player + ",\"type\":\"deposit\",\"amount\":1,"
                        + "\"currency\":\"EUR\",\"amount_eur\":1,\"created_at\":\"2026-12-08T00:00:00Z\"}";
                producer.send(new ProducerRecord<>(casinoTopic, player, sentinel.getBytes(StandardCharsets.UTF_8)));
                expected.merge(player, 1L, Long::sum);
            }
            producer.flush();

            // Then every player's balance is what the events say, the repeats applied nothing
            WalletClient client = new WalletClient(wallet.port());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            for (long player = 10; player < 20; player++) {
                BigDecimal want = BigDecimal.valueOf(expected.get(player), 2);
                BigDecimal got;
                while ((got = balance(client, player)).compareTo(want) != 0) {
                    assertTrue(Instant.now().isBefore(deadline), "player " + player + ": balance " + got + ", expected " + want);
                    pause();
                }
            }
            double reused;
            while ((reused = metric(client.get("/metrics").body(), "casino_events_id_reused_total")) < 500) {
                assertTrue(Instant.now().isBefore(deadline), "each of the 500 reused ids counted, got " + reused);
                pause();
            }
            assertEquals(500.0, reused, "each of the 500 reused ids once");
        }
    }

    /** The line with amount_eur at fixed integer rates per currency (the enricher's job), for a bet or a deposit. */
    static byte[] enriched(String line, CasinoEvent e) {
        if (!e.type().hasAmount()) return line.getBytes(StandardCharsets.UTF_8);
        return line.replace(",\"created_at\"", ",\"amount_eur\":" + eur(e) + ",\"created_at\"").getBytes(StandardCharsets.UTF_8);
    }

    static long eur(CasinoEvent e) {
        long amount = e.amount();
        return switch (e.currency()) {
            case "USD" -> amount * 9 / 10;
            case "GBP" -> amount * 12 / 10;
            case "NZD" -> amount / 2;
            case "BTC" -> amount / 10; // satoshis: 1e-8 BTC each
            default -> amount;
        };
    }

    /** The ledger's rules: a deposit credits (a deposit of 0 is skipped); a bet needs the wallet and the funds, a win pays twice. */
    static void apply(Map<Long, Long> balances, Map<Long, Boolean> exists, CasinoEvent e) {
        long eur = e.type().hasAmount() ? eur(e) : 0;
        if (e.type() == EventType.DEPOSIT && eur > 0) {
            balances.merge(e.playerId(), eur, Long::sum);
            exists.put(e.playerId(), true);
        } else if (e.type() == EventType.BET && exists.getOrDefault(e.playerId(), false)) {
            long balance = balances.getOrDefault(e.playerId(), 0L);
            if (balance >= eur) balances.put(e.playerId(), balance - eur + (Boolean.TRUE.equals(e.hasWon()) ? eur * PAYOUT : 0));
        }
        balances.putIfAbsent(e.playerId(), 0L);
    }

    static BigDecimal balance(WalletClient client, long player) {
        WalletClient.Response r = client.get("/details/" + CasinoFeed.walletId(player));
        return r.status() == 200 ? r.json().get("Balance").decimalValue() : BigDecimal.valueOf(-1);
    }

    static double metric(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name)).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void pause() {
        try {
            Thread.sleep(100); // poll the balance, bounded by the deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
