package casino.faults;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.ChildJvm;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * Two instances of one wallet application on the three brokers: A in this JVM (its Streams state, metadata
 * and lags readable), B a child JVM (so that kill -9 is real). Both started at once on empty topics, so
 * the first assignment gives each active partitions.
 */
public final class WalletPair implements AutoCloseable {
    private final Map<String, String> base;
    private final WalletService a;
    private final int portA;
    private volatile WalletChild b;

    private WalletPair(Map<String, String> base, WalletService a, int portA, WalletChild b) {
        this.base = base;
        this.a = a;
        this.portA = portA;
        this.b = b;
    }

    /** Both instances of a new application with {@code settings} (STANDBY_REPLICAS, WALLET_SESSION_TIMEOUT, ...). */
    public static WalletPair start(String bootstrapServers, Path dir, int partitions, Map<String, String> settings) {
        Map<String, String> base = WalletChild.env(bootstrapServers, partitions);
        base.putAll(settings);
        int portA = ChildJvm.freePort();
        CompletableFuture<WalletChild> b = CompletableFuture.supplyAsync(() -> WalletChild.start(base, dir.resolve("b"),
                ChildJvm.freePort()));
        Map<String, String> envA = new HashMap<>(base);
        envA.put(WalletSettings.WALLET_PORT, Integer.toString(portA));
        envA.put(CommonSettings.STATE_DIR, dir.resolve("a").resolve("state").toString());
        WalletService a = WalletService.start(Config.of(envA));
        return new WalletPair(base, a, portA, b.join());
    }

    public Map<String, String> env() {
        return base;
    }

    public String applicationId() {
        return base.get(WalletSettings.WALLET_APPLICATION_ID);
    }

    public WalletService a() {
        return a;
    }

    public int portA() {
        return portA;
    }

    public WalletChild b() {
        return b;
    }

    /** B killed with -9 and started again with {@code overrides} (same port and state directory): returns once it is ready. */
    public WalletChild restartB(Map<String, String> overrides) {
        b = b.restart(overrides);
        return b;
    }

    /** The wallet.commands partitions each instance (host:port) is active for, as A's Streams metadata says. */
    public Map<Integer, Set<Integer>> activeByPort() {
        Map<Integer, Set<Integer>> active = new HashMap<>();
        String commands = base.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.commands";
        for (StreamsMetadata m : a.ledger().streams().metadataForAllStreamsClients()) {
            Set<Integer> ps = new TreeSet<>();
            m.topicPartitions().stream().filter(tp -> tp.topic().equals(commands)).forEach(tp -> ps.add(tp.partition()));
            active.put(m.hostInfo().port(), ps);
        }
        return active;
    }

    /** Both instances are active for some partitions and, with standbys, A's standby stores are caught up. */
    public boolean settled(boolean standbys) {
        Map<Integer, Set<Integer>> active = activeByPort();
        if (active.getOrDefault(portA, Set.of()).isEmpty() || active.getOrDefault(b.port(), Set.of()).isEmpty()) return false;
        if (!standbys) return true;
        KafkaStreams streams = a.ledger().streams();
        if (streams.state() != KafkaStreams.State.RUNNING
                || streams.metadataForLocalThreads().stream().allMatch(t -> t.standbyTasks().isEmpty())) return false;
        Map<String, Map<Integer, LagInfo>> lags = streams.allLocalStorePartitionLags();
        // a standby stops one short of the end: the last offset of an exactly-once changelog is a commit marker
        return lags.values().stream().flatMap(m -> m.values().stream()).allMatch(l -> l.offsetLag() <= 1);
    }

    /** {@link #settled} within {@code timeout}, else fails with what A's Streams client knows. */
    public void awaitSettled(boolean standbys, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!settled(standbys)) {
            if (Instant.now().isAfter(deadline)) {
                KafkaStreams s = a.ledger().streams();
                throw new AssertionError("not settled within " + timeout + ": active by port " + activeByPort() + " (A " + portA
                        + ", B " + b.port() + "), A " + s.state() + ", threads " + s.metadataForLocalThreads() + ", lags "
                        + (s.state() == KafkaStreams.State.RUNNING ? s.allLocalStorePartitionLags() : "-"));
            }
            Thread.sleep(100); // poll interval, bounded by the deadline
        }
    }

    /** The group's members by group.instance.id, with their member id and wallet.commands partitions. */
    public Map<String, String> members(Admin admin) throws Exception {
        Map<String, String> members = new java.util.TreeMap<>();
        String commands = base.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.commands";
        for (MemberDescription m : admin.describeConsumerGroups(Set.of(applicationId())).all().get().get(applicationId()).members()) {
            Set<Integer> ps = new TreeSet<>();
            for (TopicPartition tp : m.assignment().topicPartitions()) if (tp.topic().equals(commands)) ps.add(tp.partition());
            members.put(m.groupInstanceId().orElse("(dynamic)"), m.consumerId() + " " + ps);
        }
        return members;
    }

    /**
     * kill -9 of B; then the time until every partition's probe wallet answers 200 through A in one round,
     * and the longest time one of A's own partitions did not answer (the rebalance's pause).
     */
    public record Failover(Duration served, Duration ownPause) {}

    public Failover killBAndAwaitServed(SeededLedger ledger, int partitions, Duration timeout) throws InterruptedException {
        Set<Integer> own = activeByPort().get(portA);
        b.kill();
        Instant killed = Instant.now();
        Instant deadline = killed.plus(timeout);
        Map<Integer, Instant> down = new HashMap<>();
        Duration pause = Duration.ZERO;
        while (true) {
            boolean all = true;
            for (String w : ledger.probes()) {
                int p = casino.wallet.topics.WalletTopics.partitionOf(w, partitions);
                boolean ok = WalletChild.get(portA, "/details/" + w).status() == 200;
                all &= ok;
                if (!own.contains(p)) continue;
                if (!ok) down.putIfAbsent(p, Instant.now());
                else if (down.containsKey(p)) {
                    Duration d = Duration.between(down.remove(p), Instant.now());
                    if (d.compareTo(pause) > 0) pause = d;
                }
            }
            if (all) return new Failover(Duration.between(killed, Instant.now()), pause);
            if (Instant.now().isAfter(deadline)) throw new AssertionError("A did not serve every partition within " + timeout);
            Thread.sleep(20); // poll interval, bounded by the deadline
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (b != null) b.close();
        } finally {
            a.close();
        }
    }
}
