package casino.cli;

import casino.common.config.CommonSettings;
import casino.common.kafka.Topic;
import casino.common.kafka.TopicAdmin;
import casino.common.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.serialization.Serdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code casino topics create|list|describe} on the brokers of {@code KAFKA_BOOTSTRAP_SERVERS}.
 * {@code create} waits until every partition answers {@code listOffsets} (KAFKA-15591), like the
 * services; an unreachable broker fails after {@code --timeout}.
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Kafka topics: create, list, describe.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class, TopicsCommand.Describe.class})
final class TopicsCommand implements Runnable {
    @ParentCommand
    CasinoCli cli;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--timeout", defaultValue = "15s", converter = DurationConverter.class,
            description = "longest wait for the brokers (default ${DEFAULT-VALUE})", scope = CommandLine.ScopeType.INHERIT)
    Duration timeout;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (create, list, describe)");
    }

    private Admin admin() {
        int ms = (int) timeout.toMillis();
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(cli.config),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 5_000)));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates topics (default: the casino topics) unless they exist.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TopicsCommand topics;
        @Parameters(arity = "0..*", paramLabel = "TOPIC", description = "names (default: casino.events, casino.events.enriched, casino.events.dlq)")
        List<String> names = List.of();
        @Option(names = "--partitions", description = "partitions of a new topic (default TOPIC_PARTITIONS, else 6)")
        Integer partitions;
        @Option(names = "--replication-factor", description = "replication of a new topic (default TOPIC_REPLICATION, else 1)")
        Short replication;

        @Override
        public Integer call() {
            var config = topics.cli.config;
            int n = partitions != null ? partitions : config.integer(CommonSettings.TOPIC_PARTITIONS, CommonSettings.DEFAULT_PARTITIONS);
            short r = replication != null ? replication : CommonSettings.topicReplication(config);
            if (n < 1) throw new CommandLine.ParameterException(topics.spec.commandLine(), "--partitions must be at least 1");
            List<Topic<?, ?>> wanted = names.isEmpty() ? List.copyOf(Topics.CASINO) : names.stream()
                    .<Topic<?, ?>>map(name -> new Topic<>(name, Serdes.ByteArray(), Serdes.ByteArray(), n)).toList();
            try (Admin admin = topics.admin()) {
                Map<String, Integer> created = TopicAdmin.ensure(admin, wanted.stream().map(t -> t.withPartitions(n)).toList(), r, topics.timeout);
                created.forEach((name, count) -> topics.cli.out.println(name + " " + count + " partitions"));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the topics (without internal ones).")
    static final class ListTopics implements Callable<Integer> {
        @ParentCommand
        TopicsCommand topics;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = topics.admin()) {
                new TreeSet<>(admin.listTopics().names().get()).forEach(topics.cli.out::println);
            }
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Partitions, leaders and replicas of topics.")
    static final class Describe implements Callable<Integer> {
        @ParentCommand
        TopicsCommand topics;
        @Parameters(arity = "1..*", paramLabel = "TOPIC")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = topics.admin()) {
                Map<String, TopicDescription> found = admin.describeTopics(names).allTopicNames().get();
                for (String name : names) {
                    TopicDescription d = found.get(name);
                    topics.cli.out.println(name + " partitions=" + d.partitions().size()
                            + " replication=" + d.partitions().get(0).replicas().size());
                    d.partitions().forEach(p -> topics.cli.out.println("  " + p.partition() + " leader=" + (p.leader() == null ? "none" : Integer.toString(p.leader().id()))
                            + " replicas=" + p.replicas().stream().map(node -> Integer.toString(node.id())).toList()
                            + " isr=" + p.isr().stream().map(node -> Integer.toString(node.id())).toList()));
                }
            }
            return 0;
        }
    }

    /** {@code 15s}, {@code 500ms}, {@code 2m} or ISO-8601. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return casino.common.config.Config.of(Map.of("v", value)).duration("v", Duration.ZERO);
        }
    }
}
