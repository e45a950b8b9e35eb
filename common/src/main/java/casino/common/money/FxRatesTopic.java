package casino.common.money;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the rates topic ({@link FxRate#TOPIC}, or a prefixed name in tests) as a compacted topic with
 * one partition, so the latest rate per currency is kept forever and read in order. An existing topic
 * is left as it is.
 */
public final class FxRatesTopic {
    private FxRatesTopic() {}

    /**
     * Creates the topic unless it exists, with TOPIC_REPLICATION and TOPIC_MIN_ISR; fails
     * (IllegalStateException) when the broker does not answer within 30 s.
     */
    public static void ensure(Admin admin, String name, Config config) {
        NewTopic topic = new NewTopic(name, 1, CommonSettings.topicReplication(config))
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(CommonSettings.topicMinIsr(config))));
        try {
            admin.createTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + ": the broker did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating " + name, e);
        }
    }
}
