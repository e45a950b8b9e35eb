package casino.enricher;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.kafka.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * Random casino events with the generator's rules (a copy of its few lines: the generator module
 * is not a dependency), and small producer/consumer helpers for tests on the real broker.
 */
public final class TestEvents {
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "NZD", "BTC"};

    private TestEvents() {}

    public static CasinoEvent random(Random r, long id, Instant at) {
        EventType type = EventType.values()[r.nextInt(4)];
        long player = 10 + r.nextInt(10);
        Long game = type.hasGame() ? 100L + r.nextInt(10) : null;
        Long amount = null;
        String currency = null;
        if (type.hasAmount()) {
            currency = CURRENCIES[r.nextInt(CURRENCIES.length)];
            amount = currency.equals("BTC") ? 1L + r.nextInt(99_999) : 1L + r.nextInt(1999);
        }
        Boolean won = type == EventType.BET ? r.nextInt(100) < 5 : null;
        return CasinoEvent.raw(id, player, game, type, amount, currency, won, at);
    }

    public static List<CasinoEvent> random(long seed, long firstId, int count) {
        Random r = new Random(seed);
        List<CasinoEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(random(r, firstId + i, Instant.now()));
        return out;
    }

    public static KafkaProducer<Long, CasinoEvent> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new LongSerializer(), Topics.EVENT_SERDE.serializer());
    }

    /** A read_committed reader of every partition of a topic from the beginning, no consumer group. */
    public static KafkaConsumer<Long, CasinoEvent> reader(String bootstrap, String topic, int partitions) {
        KafkaConsumer<Long, CasinoEvent> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new LongDeserializer(), Topics.EVENT_SERDE.deserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) all.add(new TopicPartition(topic, p));
        c.assign(all);
        c.seekToBeginning(all);
        return c;
    }

    /** Polls into {@code into} until {@code done} holds for it, failing after {@code timeout}. */
    public static <K, V> List<ConsumerRecord<K, V>> pollUntil(KafkaConsumer<K, V> consumer, List<ConsumerRecord<K, V>> into,
                                                             Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(into)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what + " (have " + into.size() + ")");
            consumer.poll(Duration.ofMillis(200)).forEach(into::add);
        }
        return into;
    }
}
