package casino.common.kafka;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.http.ReadinessCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application with a lifecycle: {@link #start} returns once the application is
 * RUNNING (or fails after the timeout), {@link #close} is idempotent, bounded and leaves the
 * consumer group (a restart does not wait for the session timeout). A record cannot stop a thread:
 * {@link DeadLetterHandlers} dead-letter it. A stream thread that dies of anything else (the
 * infrastructure) is replaced, at most {@value #MAX_REPLACEMENTS} times in {@link #REPLACEMENT_WINDOW};
 * one more and the client shuts down, readiness turns false and {@code giveUp} runs (in production:
 * exit non-zero so that the supervisor restarts the process). The processing guarantee is
 * whatever the properties say (services that promise no duplicates use exactly_once_v2). Before the
 * first start it creates the application's internal topics (changelogs, repartition topics) and waits
 * until every partition answers, so that no transaction writes to a partition still being created
 * (KAFKA-15591: the broker logged OutOfOrderSequenceException at ERROR on every fresh start). Every
 * instance is a static member ({@link Membership}); {@link #close} still leaves the group, so only a
 * crashed instance restarted within its session timeout keeps its tasks without a rebalance.
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);
    private final KafkaStreams streams;
    private final String name;
    private final Topology topology;
    private final StreamsConfig config;
    private final String groupInstanceId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant stateSince = Instant.now();
    private volatile boolean hasRun;
    private volatile boolean gaveUp;
    public static final int MAX_REPLACEMENTS = 5;
    public static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);
    /** Exit code of a process whose stream threads failed too often. */
    public static final int EXIT_THREADS_FAILED = 70;
    private final Deque<Instant> replacements = new ArrayDeque<>();

    private static volatile Runnable defaultGiveUp = () -> {};

    /**
     * From now on a service built without its own {@code giveUp} exits the process with {@link
     * #EXIT_THREADS_FAILED} when it gives up: each service's {@code main} calls this (tests, which run
     * services in their own JVM, keep the default: the client shut down and readiness false).
     */
    public static void exitProcessOnGiveUp() {
        defaultGiveUp = () -> System.exit(EXIT_THREADS_FAILED);
    }

    /** A service that gives up as {@link #exitProcessOnGiveUp} set (by default: shut down, not ready). */
    public StreamsService(String name, Topology topology, Properties properties) {
        this(name, topology, properties, defaultGiveUp);
    }

    /** {@code giveUp} runs on its own thread once the threads failed more than the bound allows. */
    public StreamsService(String name, Topology topology, Properties properties, Runnable giveUp) {
        this.name = name;
        this.topology = topology;
        Properties effective = Membership.complete(properties);
        this.config = new StreamsConfig(effective);
        this.streams = new KafkaStreams(topology, effective);
        this.groupInstanceId = Membership.consumerSetting(effective,
                org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG).orElseThrow();
        streams.setUncaughtExceptionHandler(e -> {
            if (replaceAgain(Instant.now())) {
                log.error("stream thread of {} failed; replacing it", name, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            gaveUp = true;
            log.error("stream thread of {} failed more than {} times in {}; shutting down", name, MAX_REPLACEMENTS,
                    REPLACEMENT_WINDOW, e);
            Thread.ofPlatform().name(name + "-give-up").start(giveUp);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            stateSince = Instant.now();
            if (now == KafkaStreams.State.RUNNING) hasRun = true;
            log.info("{} state {} -> {}", name, before, now);
        });
    }

    /** Whether another replacement at {@code now} stays within the bound (and records it). */
    synchronized boolean replaceAgain(Instant now) {
        while (!replacements.isEmpty() && replacements.peekFirst().isBefore(now.minus(REPLACEMENT_WINDOW))) {
            replacements.pollFirst();
        }
        if (replacements.size() >= MAX_REPLACEMENTS) return false;
        replacements.addLast(now);
        return true;
    }

    /** Whether the stream threads failed more often than the bound allows (the client is shut down). */
    public boolean gaveUp() {
        return gaveUp;
    }

    /**
     * Properties every service starts from: bootstrap, application id, state directory, exactly-once,
     * replication of the internal topics, standby replicas (STANDBY_REPLICAS) and the instance id when
     * GROUP_INSTANCE_ID is set (else the constructor derives one: {@link Membership}).
     */
    public static Properties baseProperties(Config config, String applicationId) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, CommonSettings.bootstrapServers(config));
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.string(CommonSettings.STATE_DIR,
                Path.of(System.getProperty("java.io.tmpdir"), "casino-streams").toString()));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // changelogs and repartition topics: replicated like the suite's own topics (TOPIC_REPLICATION, TOPIC_MIN_ISR)
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) CommonSettings.topicReplication(config));
        p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), Integer.toString(CommonSettings.topicMinIsr(config)));
        Membership.apply(config, p);
        return p;
    }

    public void start(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        createInternalTopics(timeout);
        streams.start();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (Instant.now().isAfter(deadline) || !streams.state().isRunningOrRebalancing()) {
                throw new IllegalStateException(name + " did not reach RUNNING within " + timeout
                        + " (state " + streams.state() + ")");
            }
            try {
                Thread.sleep(50); // poll the state with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting " + name, e);
            }
        }
    }

    /** Creates the changelogs and repartition topics Streams would create, and waits until they answer. */
    private void createInternalTopics(Duration timeout) {
        try (Admin admin = Admin.create(config.getAdminConfigs(name + "-internal-topics"))) {
            List<NewTopic> topics = InternalTopics.of(topology, config, admin);
            if (!topics.isEmpty()) TopicAdmin.create(admin, topics, timeout);
        } catch (TopicAdmin.NotEnoughBrokersException e) {
            throw e; // a replication factor the cluster cannot hold: refuse to start, naming the setting
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // Streams creates what is missing itself, as before (and the broker may log the race once)
            log.warn("{}: internal topics not created ahead: {}", name, e.getMessage());
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** This instance's {@code group.instance.id} (each stream thread's member appends "-" and its number). */
    public String groupInstanceId() {
        return groupInstanceId;
    }

    /** The application id (its consumer group and the prefix of its internal topics). */
    public String applicationId() {
        return config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** Admin client settings of this application (bootstrap servers, security), for its readiness checks. */
    public Map<String, Object> adminConfigs() {
        return config.getAdminConfigs(name + "-readiness");
    }

    /** The service's name (in logs and readiness details). */
    public String name() {
        return name;
    }

    /** Whether the client has been RUNNING at least once (a rebalance after that is a pause, before it a start). */
    public boolean hasRun() {
        return hasRun;
    }

    /** When the client entered its current state. */
    public Instant stateSince() {
        return stateSince;
    }

    /** RUNNING only (see {@link casino.common.service.ReadinessChecks#streams} for the check that tolerates a short rebalance). */
    public ReadinessCheck readiness() {
        return ReadinessCheck.of("kafka-streams", () -> new ReadinessCheck.Status(running(), streams.state().name()));
    }

    /** Closes within 8 s and leaves the group, so other instances take the partitions over at once. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(8)));
        }
    }
}
