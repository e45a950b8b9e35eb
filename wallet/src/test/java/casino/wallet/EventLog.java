package casino.wallet;

import casino.infra.TopicReader;
import casino.wallet.ledger.EventRecords;
import casino.wallet.topics.WalletTopics;
import casino.infra.TestInfra;
import casino.contract.wallet.proto.WalletEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every committed record on a wallet.events topic (read_committed), for invariant checks; counts a topic's records. */
public final class EventLog {
    private EventLog() {}

    /** The outcomes of commands (external events skipped). */
    public static List<WalletEvent> readAll(String topic, Duration timeout) {
        return readEverything(topic, timeout).stream()
                .filter(e -> e.getExternalCase() == WalletEvent.ExternalCase.EXTERNAL_NOT_SET).toList();
    }

    /** The sum of the topic's end offsets: grows with every record (or transaction marker) written to it. */
    public static long endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers()),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Every event: outcomes (each item of an "Outcomes" record) and external events, in partition order. */
    public static List<WalletEvent> readEverything(String topic, Duration timeout) {
        List<WalletEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicReader.toEnd(TestInfra.kafka().bootstrapServers(), topic, timeout)) {
            events.addAll(events(r));
        }
        return events;
    }

    private static List<WalletEvent> events(ConsumerRecord<String, byte[]> r) {
        List<EventRecords.Answer> answers = EventRecords.answers(r.key(), r.headers(), r.value());
        if (answers.isEmpty()) return List.of(WalletTopics.EVENT_SERDE.deserializer().deserialize(r.topic(), r.value()));
        return answers.stream().map(a -> WalletTopics.EVENT_SERDE.deserializer().deserialize(r.topic(), a.value())).toList();
    }
}
