package casino.common.kafka;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How a Streams instance belongs to its group: static membership ({@code group.instance.id}: a member
 * killed and restarted within its session timeout takes its tasks back with no rebalance of the others),
 * standby replicas, and a heartbeat short enough for a short session timeout. The default instance id is
 * the host name plus the advertised {@code application.server} (a restart on the same host and endpoint is
 * the same member; one that advertises another endpoint is a new one, so no instance routes reads to an
 * old address), or plus a digest of the state directory for a service that advertises none. Known gap:
 * an explicit GROUP_INSTANCE_ID must change with the advertised endpoint, or reads are routed to the old
 * one until the next rebalance.
 */
public final class Membership {
    /** What Kafka accepts in a group.instance.id (JoinGroupRequest), less room for Streams' "-<thread>". */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final int MAX_HEARTBEAT_MS = 3_000;

    private Membership() {}

    /** Standbys, and the instance id when GROUP_INSTANCE_ID is set (else {@link #complete} derives it). */
    static void apply(Config config, Properties props) {
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, CommonSettings.standbyReplicas(config));
        config.optional(CommonSettings.GROUP_INSTANCE_ID).ifPresent(id -> {
            if (!LEGAL.matcher(id).matches() || id.equals(".") || id.equals("..")) {
                throw new ConfigException(CommonSettings.GROUP_INSTANCE_ID, "must be 1-200 characters of a-z, A-Z, 0-9, "
                        + "'.', '_' and '-', got '" + id + "'");
            }
            props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id);
        });
    }

    /**
     * A copy of {@code props} with the default instance id when none is set, and a consumer heartbeat of a
     * third of the session timeout (at most Kafka's 3 s) when a session timeout is set without one.
     */
    static Properties complete(Properties props) {
        Properties p = new Properties();
        p.putAll(props);
        String idKey = StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        if (consumerSetting(p, ConsumerConfig.GROUP_INSTANCE_ID_CONFIG).isEmpty()) p.put(idKey, defaultInstanceId(p));
        if (consumerSetting(p, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG).isEmpty()) {
            consumerSetting(p, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG).ifPresent(session -> p.put(
                    StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                    (int) Math.min(MAX_HEARTBEAT_MS, Math.max(100, Long.parseLong(session) / 3))));
        }
        return p;
    }

    /** {@code <host>-<application.server>} or {@code <host>-state-<digest of the state directory>}, sanitised. */
    static String defaultInstanceId(Properties p) {
        Object server = p.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        String suffix = server != null && !server.toString().isBlank() ? server.toString()
                : "state-" + digest(Path.of(String.valueOf(p.getOrDefault(StreamsConfig.STATE_DIR_CONFIG,
                        System.getProperty("java.io.tmpdir")))).toAbsolutePath().normalize().toString());
        String id = (hostName() + "-" + suffix).replaceAll("[^a-zA-Z0-9._-]", "-");
        return id.length() > 200 ? id.substring(0, 191) + "-" + digest(id) : id;
    }

    /** The value of a consumer setting as Streams resolves it: main consumer prefix, consumer prefix, plain. */
    static Optional<String> consumerSetting(Properties p, String name) {
        for (String key : new String[] {StreamsConfig.mainConsumerPrefix(name), StreamsConfig.consumerPrefix(name), name}) {
            Object v = p.get(key);
            if (v != null && !v.toString().isBlank()) return Optional.of(v.toString());
        }
        return Optional.empty();
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
