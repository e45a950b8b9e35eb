package casino.materializer;

import casino.common.config.CommonSettings;
import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.Player;
import casino.common.json.Json;
import casino.infra.TestInfra;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.LongSerializer;

/** Shared helpers of the integration tests: apps on the test broker, events, HTTP, polling. */
public final class Fixtures {
    public static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Fixtures() {}

    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A materializer on the test broker reading {@code topic}, on a free port. */
    public static MaterializerService start(String topic, String applicationId, Path stateDir) {
        return start(topic, applicationId, stateDir, Map.of());
    }

    /** {@link #start(String, String, Path)} with more settings (API keys, say). */
    public static MaterializerService start(String topic, String applicationId, Path stateDir, Map<String, String> more) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                MaterializerSettings.SOURCE_TOPIC, topic,
                MaterializerSettings.APPLICATION_ID, applicationId,
                MaterializerSettings.PORT, "0",
                CommonSettings.STATE_DIR, stateDir.toString()));
        values.putAll(more);
        return MaterializerService.start(TestInfra.config(values), System::currentTimeMillis);
    }

    /** Valid enriched events: mixed types, players 10-14, 10 % of bets won, deposits in EUR cents. */
    public static List<CasinoEvent> events(int n, long seed, long firstId) {
        Random r = new Random(seed);
        List<CasinoEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long player = 10 + r.nextInt(5);
            EventType type = EventType.values()[r.nextInt(4)];
            long amount = 1 + r.nextInt(1999);
            CasinoEvent e = switch (type) {
                case BET -> CasinoEvent.raw(firstId + i, player, 100L, type, amount, "EUR", r.nextInt(10) == 0,
                        Instant.now()).withAmountEur(amount);
                case DEPOSIT -> CasinoEvent.raw(firstId + i, player, null, type, amount, "EUR", null, Instant.now())
                        .withAmountEur(amount);
                default -> CasinoEvent.raw(firstId + i, player, 100L, type, null, null, null, Instant.now());
            };
            out.add(e);
        }
        return out;
    }

    /** An enriched event as the enricher writes it: with its player (known or {@code {}}) and description. */
    public static CasinoEvent enriched(CasinoEvent e) {
        Player player = e.playerId() % 2 == 0 ? new Player("player" + e.playerId() + "@example.com", Instant.parse("2026-11-01T10:00:00Z"))
                : Player.UNKNOWN;
        return e.withPlayer(player).withDescription("Player " + e.playerId() + " " + e.type().wireName()
                + (e.amount() == null ? "" : " of " + e.amount() + " " + e.currency()) + " at " + e.createdAt());
    }

    public static KafkaProducer<Long, byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new LongSerializer(), new ByteArraySerializer());
    }

    public static void produce(String topic, List<CasinoEvent> events) {
        try (KafkaProducer<Long, byte[]> p = producer()) {
            for (CasinoEvent e : events) {
                p.send(new ProducerRecord<>(topic, e.playerId(), Json.write(e).getBytes(StandardCharsets.UTF_8)));
            }
            p.flush();
        }
    }

    /** The top player of one kind as the contract defines it: highest count, lower id on a tie, else {0,0}. */
    public static Map<String, Long> expectedTop(List<CasinoEvent> events, String kind) {
        Map<Long, Long> counts = new TreeMap<>();
        for (CasinoEvent e : events) {
            long add = switch (kind) {
                case "bets" -> e.type() == EventType.BET ? 1 : 0;
                case "wins" -> e.type() == EventType.BET && e.hasWon() ? 1 : 0;
                case "deposits" -> e.type() == EventType.DEPOSIT ? e.amountEur() : 0;
                default -> throw new IllegalArgumentException(kind);
            };
            counts.merge(e.playerId(), add, Long::sum);
        }
        long id = 0, best = 0;
        for (var c : counts.entrySet()) {
            if (c.getValue() > best) {
                best = c.getValue();
                id = c.getKey();
            }
        }
        return Map.of("id", id, "count", best);
    }

    public record Response(int status, String body, HttpHeadersView headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public record HttpHeadersView(java.net.http.HttpHeaders headers) {
        public String first(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public static Response request(String method, int port, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), new HttpHeadersView(r.headers()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Response get(int port, String path) {
        return request("GET", port, path);
    }

    /** Polls until the value satisfies the condition; fails with the message and the last value at the deadline. */
    public static <T> T await(String what, Supplier<T> value, Predicate<T> condition) {
        Instant deadline = Instant.now().plus(DEADLINE);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = value.get();
            if (condition.test(last)) return last;
            try {
                Thread.sleep(100); // poll interval, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + DEADLINE + " waiting for " + what + "; last value: " + last);
    }
}
