package casino.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.CommonSettings;
import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.kafka.Topics;
import casino.enricher.EnricherMain;
import casino.fx.FxApi;
import casino.infra.ChildJvm;
import casino.infra.KafkaCluster;
import casino.infra.TestInfra;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 24 item 3: the enricher (its own JVM, exactly-once) on three brokers while casino events keep
 * coming; the broker leading most of its input, output and internal topics is killed with -9 midway.
 * Read back with read_committed, casino.events.enriched holds every acknowledged event once: 0 lost,
 * 0 duplicated, by id.
 */
class EnricherKillIT {
    private static final int EVENTS = 12_000;
    private static final int PER_TICK = 40; // every 20 ms: 2,000 events/s
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "NZD", "BTC"};

    @RegisterExtension
    static final ThreeBrokers brokers = new ThreeBrokers();

    @Test
    void givenEventsFlowingThroughTheEnricher_whenTheBusiestLeaderIsKilled9_thenNoEnrichedEventIsLostOrDuplicated()
            throws Exception {
        KafkaCluster cluster = brokers.cluster();
        Path dir = brokers.dir("enricher-kill");
        Map<String, String> env = new HashMap<>(TestInfra.database().settings());
        int port = ChildJvm.freePort();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        int victim;
        Instant killedAt = null;
        try (FxApi fx = FxApi.start(0, Clock.systemUTC())) {
            env.putAll(Map.of(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers(), "FX_API_URL", fx.latestUrl(),
                    "ENRICHER_PORT", Integer.toString(port), CommonSettings.STATE_DIR, dir.resolve("state").toString(),
                    CommonSettings.TOPIC_REPLICATION, "3", CommonSettings.TOPIC_MIN_ISR, "2", "SERVICE_NAME", "enricher-faults"));
            Path log = dir.resolve("enricher.log");
            Process enricher = ChildJvm.start(EnricherMain.class, List.of("-Xmx384m"), env, log);
            try {
                ChildJvm.awaitReady(enricher, port, log, Duration.ofSeconds(180));
                List<String> topics = enricherTopics(cluster);
                try (KafkaProducer<Long, CasinoEvent> producer = producer(cluster.bootstrapServers())) {
                    victim = cluster.busiestLeader(topics);
                    for (int sent = 0; sent < EVENTS; ) {
                        Instant tick = Instant.now();
                        for (int i = 0; i < PER_TICK && sent < EVENTS; i++, sent++) {
                            long id = 1_000_000L + sent;
                            CasinoEvent event = event(id);
                            producer.send(new ProducerRecord<>(Topics.CASINO_EVENTS.name(), event.playerId(), event), (m, e) -> {
                                if (e == null) acknowledged.add(id);
                            });
                        }
                        if (killedAt == null && sent >= EVENTS / 3) { // When: a third of the events sent
                            killedAt = Instant.now();
                            cluster.kill(victim);
                        }
                        long rest = 20 - Duration.between(tick, Instant.now()).toMillis();
                        if (rest > 0) Thread.sleep(rest); // pacing of the load, not synchronisation
                    }
                    producer.flush();
                }
                assertEquals(EVENTS, acknowledged.size(), "every event acknowledged by the brokers (acks=all)");
                // Then: every event enriched once (read while the killed broker is still down)
                Instant flushed = Instant.now();
                Map<Long, Integer> seen = readEnriched(cluster.bootstrapServers(), EVENTS, Duration.ofSeconds(180));
                Duration caughtUp = Duration.between(flushed, Instant.now());
                long duplicated = seen.values().stream().filter(n -> n > 1).count();
                long lost = acknowledged.stream().filter(id -> !seen.containsKey(id)).count();
                System.err.printf("EnricherKillIT: killed broker %d after %d of %d events (2,000/s); all acknowledged %d ms after "
                        + "the kill; %d enriched ids read (read_committed) %d ms after that; %d lost, %d duplicated%n", victim,
                        EVENTS / 3, EVENTS, Duration.between(killedAt, flushed).toMillis(), seen.size(), caughtUp.toMillis(),
                        lost, duplicated);
                assertEquals(0, lost, "lost");
                assertEquals(0, duplicated, "duplicated");
                assertTrue(enricher.isAlive(), "the enricher is still running, see " + log);
            } finally {
                enricher.destroy();
                if (!enricher.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) ChildJvm.kill(enricher);
            }
        }
        cluster.start(victim, Duration.ofSeconds(120));
        Duration rejoined = cluster.awaitIsr(enricherTopics(cluster), 3, Duration.ofSeconds(180));
        System.err.printf("EnricherKillIT: broker %d back in every ISR %d ms after it registered%n", victim, rejoined.toMillis());
    }

    /** A random event with the generator's rules (players 10-19 of the seed data), the same for the same id. */
    private static CasinoEvent event(long id) {
        Random r = new Random(id);
        EventType type = EventType.values()[r.nextInt(4)];
        Long game = type.hasGame() ? 100L + r.nextInt(10) : null;
        String currency = type.hasAmount() ? CURRENCIES[r.nextInt(CURRENCIES.length)] : null;
        Long amount = currency == null ? null : currency.equals("BTC") ? 1L + r.nextInt(99_999) : 1L + r.nextInt(1999);
        Boolean won = type == EventType.BET ? r.nextInt(100) < 5 : null;
        return CasinoEvent.raw(id, 10 + r.nextInt(10), game, type, amount, currency, won, Instant.now());
    }

    private static KafkaProducer<Long, CasinoEvent> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new LongSerializer(), Topics.EVENT_SERDE.serializer());
    }

    /** casino.events, casino.events.enriched and the enricher's internal topics. */
    private static List<String> enricherTopics(KafkaCluster cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            List<String> topics = new ArrayList<>(List.of(Topics.CASINO_EVENTS.name(), Topics.CASINO_EVENTS_ENRICHED.name()));
            admin.listTopics().names().get().stream().filter(n -> n.startsWith("casino-enricher-")).sorted().forEach(topics::add);
            return topics;
        }
    }

    /** Occurrences of each id on casino.events.enriched (read_committed) once {@code expected} ids have come, plus one more poll. */
    private static Map<Long, Integer> readEnriched(String bootstrap, int expected, Duration timeout) {
        Map<Long, Integer> seen = new HashMap<>();
        try (KafkaConsumer<Long, CasinoEvent> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new LongDeserializer(), Topics.EVENT_SERDE.deserializer())) {
            List<TopicPartition> all = c.partitionsFor(Topics.CASINO_EVENTS_ENRICHED.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(all);
            c.seekToBeginning(all);
            Instant deadline = Instant.now().plus(timeout);
            while (seen.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<Long, CasinoEvent> r : c.poll(Duration.ofMillis(200))) seen.merge(r.value().id(), 1, Integer::sum);
            }
            for (ConsumerRecord<Long, CasinoEvent> r : c.poll(Duration.ofSeconds(2))) seen.merge(r.value().id(), 1, Integer::sum);
        }
        return seen;
    }
}
