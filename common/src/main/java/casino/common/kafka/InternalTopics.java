package casino.common.kafka;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.internals.InternalTopicConfig;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder;
import org.apache.kafka.streams.processor.internals.InternalTopologyBuilder.TopicsInfo;

/**
 * The internal topics Kafka Streams would create for a topology (changelogs and repartition topics,
 * with the names, configs and partition counts Streams itself derives), so that they can be created
 * and awaited before the first transaction writes to them: a producer writing to a partition the
 * broker has not finished creating gets its first batch refused and its second accepted, and the
 * retry of the first is logged as {@code OutOfOrderSequenceException} (KAFKA-15591). Known gap: this
 * reads Kafka Streams' internal topology (pinned 4.3.1); if that changes it returns nothing, and
 * Streams creates the topics itself as before. Global stores and named topologies are not covered.
 */
final class InternalTopics {
    private InternalTopics() {}

    /**
     * The internal topics of {@code topology}, which must already belong to a KafkaStreams instance
     * (that gives it the application id).
     */
    static List<NewTopic> of(Topology topology, StreamsConfig config, Admin admin) {
        Map<?, TopicsInfo> subtopologies = builder(topology).subtopologyToTopicsInfo();
        Set<String> internal = new HashSet<>();
        for (TopicsInfo info : subtopologies.values()) internal.addAll(info.repartitionSourceTopics.keySet());
        Map<String, Integer> partitions = externalPartitions(subtopologies, internal, admin);
        resolveRepartitionCounts(subtopologies, partitions);
        Map<String, String> defaults = new HashMap<>();
        config.originalsWithPrefix(StreamsConfig.TOPIC_PREFIX).forEach((k, v) -> defaults.put(k, String.valueOf(v)));
        long windowRetention = config.getLong(StreamsConfig.WINDOW_STORE_CHANGE_LOG_ADDITIONAL_RETENTION_MS_CONFIG);
        short replication = config.getInt(StreamsConfig.REPLICATION_FACTOR_CONFIG).shortValue();
        List<NewTopic> topics = new ArrayList<>();
        for (TopicsInfo info : subtopologies.values()) {
            for (Map.Entry<String, InternalTopicConfig> e : info.repartitionSourceTopics.entrySet()) {
                topics.add(newTopic(e.getValue(), partitions.get(e.getKey()), replication, defaults, windowRetention));
            }
            int tasks = sourcePartitions(info, partitions);
            for (InternalTopicConfig changelog : info.stateChangelogTopics.values()) {
                topics.add(newTopic(changelog, tasks, replication, defaults, windowRetention));
            }
        }
        return topics;
    }

    private static NewTopic newTopic(InternalTopicConfig topic, int partitions, short replication,
                                     Map<String, String> defaults, long windowRetention) {
        return new NewTopic(topic.name(), topic.numberOfPartitions().orElse(partitions), replication)
                .configs(topic.properties(new HashMap<>(defaults), windowRetention));
    }

    private static Map<String, Integer> externalPartitions(Map<?, TopicsInfo> subtopologies, Set<String> internal,
                                                           Admin admin) {
        Set<String> external = new HashSet<>();
        for (TopicsInfo info : subtopologies.values()) {
            for (String t : info.sourceTopics) if (!internal.contains(t)) external.add(t);
        }
        Map<String, Integer> partitions = new HashMap<>();
        try {
            admin.describeTopics(external).allTopicNames().get()
                    .forEach((name, d) -> partitions.put(name, d.partitions().size()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the source topics " + external + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing " + external, e);
        }
        return partitions;
    }

    /** A repartition topic has as many partitions as the widest source of the sub-topologies writing it. */
    private static void resolveRepartitionCounts(Map<?, TopicsInfo> subtopologies, Map<String, Integer> partitions) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TopicsInfo info : subtopologies.values()) {
                for (Map.Entry<String, InternalTopicConfig> e : info.repartitionSourceTopics.entrySet()) {
                    if (partitions.containsKey(e.getKey())) continue;
                    Optional<Integer> fixed = e.getValue().numberOfPartitions();
                    Optional<Integer> derived = writersPartitions(subtopologies, e.getKey(), partitions);
                    if (fixed.isPresent() || derived.isPresent()) {
                        partitions.put(e.getKey(), fixed.orElseGet(derived::get));
                        changed = true;
                    }
                }
            }
        }
    }

    private static Optional<Integer> writersPartitions(Map<?, TopicsInfo> subtopologies, String topic,
                                                       Map<String, Integer> partitions) {
        int max = 0;
        for (TopicsInfo writer : subtopologies.values()) {
            if (!writer.sinkTopics.contains(topic)) continue;
            for (String source : writer.sourceTopics) {
                Integer n = partitions.get(source);
                if (n == null) return Optional.empty(); // not known yet: the next round
                max = Math.max(max, n);
            }
        }
        return max == 0 ? Optional.empty() : Optional.of(max);
    }

    private static int sourcePartitions(TopicsInfo info, Map<String, Integer> partitions) {
        int max = 0;
        for (String source : info.sourceTopics) max = Math.max(max, partitions.getOrDefault(source, 0));
        if (max == 0) throw new IllegalStateException("no partition count for the sources " + info.sourceTopics);
        return max;
    }

    private static InternalTopologyBuilder builder(Topology topology) {
        try {
            Field field = Topology.class.getDeclaredField("internalTopologyBuilder");
            field.setAccessible(true);
            return (InternalTopologyBuilder) field.get(topology);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedOperationException("this Kafka Streams version hides its topology: " + e, e);
        }
    }
}
