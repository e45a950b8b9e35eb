package casino.common.kafka;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics explicitly and waits until every partition answers {@code listOffsets}: on Kafka
 * 4.3.1 producing right after creation loses records (KAFKA-15591), so nothing produces before
 * {@link #ensure} returns ({@link StreamsService} does the same for the internal topics of Kafka Streams).
 * An existing topic is left as it is (its partition count is not changed).
 */
public final class TopicAdmin {
    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private TopicAdmin() {}

    public static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /**
     * Partition count, replication factor and {@code min.insync.replicas} for every topic, from
     * TOPIC_PARTITIONS, TOPIC_REPLICATION (alias TOPIC_REPLICATION_FACTOR) and TOPIC_MIN_ISR.
     *
     * @return the actual partition count of each topic, by name (an existing topic keeps its own)
     * @throws NotEnoughBrokersException if a topic to create needs more replicas than the cluster has brokers
     */
    public static Map<String, Integer> ensure(Config config, Collection<? extends Topic<?, ?>> topics, Duration timeout) {
        int partitions = config.integer(CommonSettings.TOPIC_PARTITIONS, CommonSettings.DEFAULT_PARTITIONS);
        short replication = CommonSettings.topicReplication(config);
        int minIsr = CommonSettings.topicMinIsr(config);
        try (Admin admin = admin(CommonSettings.bootstrapServers(config))) {
            return create(admin, topics.stream().map(t -> t.withPartitions(partitions))
                    .map(t -> newTopic(t, replication, minIsr)).toList(), timeout);
        }
    }

    public static Map<String, Integer> ensure(Admin admin, Collection<? extends Topic<?, ?>> topics, short replication,
                                              Duration timeout) {
        return create(admin, topics.stream().map(t -> new NewTopic(t.name(), t.partitions(), replication)).toList(), timeout);
    }

    /** The topic with the given replication and, when replicated, its {@code min.insync.replicas}. */
    static NewTopic newTopic(Topic<?, ?> topic, short replication, int minIsr) {
        NewTopic t = new NewTopic(topic.name(), topic.partitions(), replication);
        return replication > 1 ? t.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minIsr))) : t;
    }

    /**
     * Creates the topics that do not exist yet (with their configs) and waits until every partition of
     * every one answers listOffsets. Refuses, before creating any, a replication factor above the
     * number of brokers the cluster reports ({@code describeCluster().nodes()}).
     *
     * @return the actual partition count of each topic, by name
     * @throws NotEnoughBrokersException if a topic to create needs more replicas than the cluster has brokers
     */
    public static Map<String, Integer> create(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<NewTopic> missing = missing(admin, topics);
        requireBrokers(admin, missing);
        for (NewTopic topic : missing) {
            try {
                admin.createTopics(List.of(topic)).all().get();
                log.info("created topic {} with {} partitions", topic.name(), topic.numPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating " + topic.name(), e);
            }
        }
        Map<String, Integer> partitionCounts = new HashMap<>();
        for (NewTopic topic : topics) {
            partitionCounts.put(topic.name(), awaitPartitions(admin, topic.name(), deadline));
        }
        return partitionCounts;
    }

    /** A replication factor above the number of brokers: the message names the setting and both numbers. */
    public static final class NotEnoughBrokersException extends RuntimeException {
        NotEnoughBrokersException(String message) {
            super(message);
        }
    }

    private static List<NewTopic> missing(Admin admin, Collection<NewTopic> topics) {
        try {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            return topics.stream().filter(t -> !existing.contains(t.name())).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing the topics", e);
        }
    }

    private static void requireBrokers(Admin admin, List<NewTopic> toCreate) {
        int needed = toCreate.stream().mapToInt(t -> t.replicationFactor()).max().orElse(0);
        if (needed <= 1) return;
        int brokers;
        try {
            brokers = admin.describeCluster().nodes().get().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the cluster: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing the cluster", e);
        }
        if (needed > brokers) {
            String topic = toCreate.stream().filter(t -> t.replicationFactor() == needed).findFirst().orElseThrow().name();
            throw new NotEnoughBrokersException(CommonSettings.TOPIC_REPLICATION + " (or " + CommonSettings.TOPIC_REPLICATION_FACTOR
                    + ") asks for " + needed + " replicas of " + topic + ", but the cluster has " + brokers
                    + " broker(s): lower " + CommonSettings.TOPIC_REPLICATION + " to at most " + brokers
                    + " or start more brokers (RUN_BROKERS=3)");
        }
    }

    /** Returns the topic's partition count once every partition answers listOffsets. */
    private static int awaitPartitions(Admin admin, String topic, Instant deadline) {
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                        .get(topic).partitions().size();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                for (int p = 0; p < partitions; p++) request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                admin.listOffsets(request).all().get();
                return partitions;
            } catch (ExecutionException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + topic, e);
            }
            try {
                Thread.sleep(100); // retry back-off while partition leaders are elected
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + topic, e);
            }
        }
        throw new IllegalStateException("topic " + topic + " has partitions without a leader after the deadline", last);
    }
}
