package casino.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.ChildJvm;
import casino.infra.EmbeddedKafka;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 at scale ({@code make bench-failover}): two wallet instances (A in this JVM, B a child JVM) on one
 * in-process broker (what is measured is the instances; three broker JVMs did not start within 3 minutes
 * at the shared machine's load of 80-100, see InstanceFailoverIT for the cluster) with a ledger of
 * {@code bench.wallets} (100,000) wallets, B killed with -9, without and with a standby replica, each
 * {@code bench.repeats} (2) times on a fresh application; prints the time until the survivor serves every
 * partition (then every wallet is read back and the balances summed). Once, without standbys: the state
 * per wallet (changelog bytes on the broker, RocksDB bytes on disk after a clean close) and a restore of the
 * whole ledger by a new instance with an empty state directory. Session timeout {@code bench.session} (3 s).
 */
@Tag("bench")
class InstanceFailoverBench {
    private static final int PARTITIONS = 6;
    private static final int WALLETS = Integer.getInteger("bench.wallets", 100_000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 2);
    private static final String SESSION = System.getProperty("bench.session", "3s");

    private static EmbeddedKafka broker;

    @Test
    void failoverOfAKilledInstanceWithoutAndWithAStandby(@TempDir Path root) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.onFreePorts();
        broker = kafka;
        try (kafka) {
            for (int standbys = 0; standbys <= 1; standbys++) {
                for (int run = 0; run < REPEATS; run++) measure(root.resolve("standby" + standbys + "-" + run), standbys, run);
            }
        }
    }

    private static void measure(Path dir, int standbys, int run) throws Exception {
        Instant started = Instant.now();
        try (WalletPair pair = WalletPair.start(broker.bootstrapServers(), dir, PARTITIONS,
                Map.of(CommonSettings.STANDBY_REPLICAS, Integer.toString(standbys),
                        WalletSettings.WALLET_SESSION_TIMEOUT, SESSION, CommonSettings.TOPIC_REPLICATION, "1",
                        CommonSettings.TOPIC_REPLICATION_FACTOR, "1", CommonSettings.TOPIC_MIN_ISR, "1"))) {
            Duration start = Duration.between(started, Instant.now());
            Instant seeding = Instant.now();
            SeededLedger ledger = SeededLedger.seed(pair.env(), WALLETS, PARTITIONS, pair.portA(), Duration.ofMinutes(20));
            Duration seeded = Duration.between(seeding, Instant.now());
            pair.awaitSettled(standbys > 0, Duration.ofMinutes(10));
            long changelog = changelogBytes(pair.applicationId());
            if (standbys == 0 && run == 0) {
                System.err.printf("InstanceFailoverBench state: %d wallets, changelogs %d bytes (%.0f per wallet)%n", WALLETS,
                        changelog, changelog / (double) WALLETS);
            }

            WalletPair.Failover f = pair.killBAndAwaitServed(ledger, PARTITIONS, Duration.ofMinutes(10));

            Instant checking = Instant.now();
            SeededLedger.Check check = ledger.check(pair.portA(), 8);
            assertEquals(WALLETS, check.right(), "wallets answered with their balance; wrong: " + check.wrong());
            assertEquals(check.expectedCents(), check.sumCents(), "the balances sum to the deposits");
            System.err.printf("InstanceFailoverBench standbys=%d run %d: every partition served by the survivor %d ms "
                    + "after the kill (session timeout %s; its own partitions paused %d ms); pair started in %d ms, %d "
                    + "wallets seeded in %d ms, all read back in %d ms; changelogs %d bytes%n", standbys, run,
                    f.served().toMillis(), SESSION, f.ownPause().toMillis(), start.toMillis(), WALLETS, seeded.toMillis(),
                    Duration.between(checking, Instant.now()).toMillis(), changelog);
            if (standbys == 0 && run == 0) {
                pair.close();
                restoreFromEmpty(pair, dir, ledger, changelog);
            }
        }
    }

    /**
     * A new instance alone with an empty state directory, then, once it closed (flushing RocksDB), another on
     * that directory: the difference of their times until every partition is served is the restore.
     */
    private static void restoreFromEmpty(WalletPair pair, Path dir, SeededLedger ledger, long changelog) throws Exception {
        Map<String, String> env = new HashMap<>(pair.env());
        int port = ChildJvm.freePort();
        env.put(WalletSettings.WALLET_PORT, Integer.toString(port));
        env.put(CommonSettings.STATE_DIR, dir.resolve("c").resolve("state").toString());
        Duration empty = startUntilServed(env, ledger, port);
        long rocks = bytesUnder(dir.resolve("c").resolve("state"));
        Duration full = startUntilServed(env, ledger, port);
        double restore = (empty.toMillis() - full.toMillis()) / 1000.0;
        System.err.printf("InstanceFailoverBench restore: every partition served by a new instance %d ms after its start with an "
                + "empty state directory, %d ms with the full one: %d changelog bytes restored in %.1f s (%.1f MB/s, %.0f s "
                + "per GB); RocksDB after a clean close %d bytes (%.0f per wallet)%n", empty.toMillis(), full.toMillis(),
                changelog, restore, changelog / 1e6 / restore, restore / (changelog / 1e9), rocks, rocks / (double) WALLETS);
    }

    private static Duration startUntilServed(Map<String, String> env, SeededLedger ledger, int port) throws Exception {
        Instant t = Instant.now();
        try (WalletService c = WalletService.start(Config.of(env))) {
            WalletFaultsIT.awaitTrue(() -> ledger.served(port), Duration.ofMinutes(10), "every partition served by the new instance");
            return Duration.between(t, Instant.now());
        }
    }

    /** Bytes of the application's changelog partitions on the broker. */
    static long changelogBytes(String applicationId) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            int node = admin.describeCluster().nodes().get().iterator().next().id();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(node)).allDescriptions().get().get(node);
            return dirs.values().stream().flatMap(d -> d.replicaInfos().entrySet().stream())
                    .filter(e -> e.getKey().topic().startsWith(applicationId + "-") && e.getKey().topic().endsWith("-changelog"))
                    .mapToLong(e -> e.getValue().size()).sum();
        }
    }

    static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
