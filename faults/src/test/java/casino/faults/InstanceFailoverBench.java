package casino.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.ChildJvm;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 24 at scale ({@code make bench-failover}): two wallet instances on the three brokers with a ledger of
 * {@code bench.wallets} (100,000) wallets, B killed with -9, without and with a standby replica, each
 * {@code bench.repeats} (2) times on a fresh application; prints the time until the survivor serves every
 * partition (then every wallet is read back and the balances summed). Once, without standbys: the state
 * per wallet (RocksDB bytes on disk, changelog bytes on a broker) and a restore of the whole ledger by a
 * new instance with an empty state directory. Session timeout {@code bench.session} (3 s).
 */
@Tag("bench")
class InstanceFailoverBench {
    private static final int PARTITIONS = 6;
    private static final int WALLETS = Integer.getInteger("bench.wallets", 100_000);
    private static final int REPEATS = Integer.getInteger("bench.repeats", 2);
    private static final String SESSION = System.getProperty("bench.session", "3s");

    @RegisterExtension
    static final ThreeBrokers brokers = new ThreeBrokers();

    @Test
    void failoverOfAKilledInstanceWithoutAndWithAStandby() throws Exception {
        for (int standbys = 0; standbys <= 1; standbys++) {
            for (int run = 0; run < REPEATS; run++) {
                Path dir = brokers.dir("bench-standby" + standbys + "-" + run);
                Instant started = Instant.now();
                try (WalletPair pair = WalletPair.start(brokers.cluster().bootstrapServers(), dir, PARTITIONS,
                        Map.of(CommonSettings.STANDBY_REPLICAS, Integer.toString(standbys),
                                WalletSettings.WALLET_SESSION_TIMEOUT, SESSION))) {
                    Duration start = Duration.between(started, Instant.now());
                    Instant seeding = Instant.now();
                    SeededLedger ledger = SeededLedger.seed(pair.env(), WALLETS, PARTITIONS, pair.portA(), Duration.ofMinutes(20));
                    Duration seeded = Duration.between(seeding, Instant.now());
                    pair.awaitSettled(standbys > 0, Duration.ofMinutes(10));
                    long changelog = changelogBytes(pair.applicationId());
                    if (standbys == 0 && run == 0) {
                        long rocks = bytesUnder(dir.resolve("a").resolve("state")) + bytesUnder(dir.resolve("b").resolve("state"));
                        System.err.printf("InstanceFailoverBench state: %d wallets, RocksDB %d bytes on disk (%.0f per wallet), "
                                + "changelogs %d bytes per replica (%.0f per wallet)%n", WALLETS, rocks, rocks / (double) WALLETS,
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
        }
    }

    /** A new instance alone, with an empty state directory: the time until it serves every partition. */
    private static void restoreFromEmpty(WalletPair pair, Path dir, SeededLedger ledger, long changelog) throws Exception {
        Map<String, String> env = new HashMap<>(pair.env());
        int port = ChildJvm.freePort();
        env.put(WalletSettings.WALLET_PORT, Integer.toString(port));
        env.put(CommonSettings.STATE_DIR, dir.resolve("c").resolve("state").toString());
        Instant t = Instant.now();
        try (WalletService c = WalletService.start(Config.of(env))) {
            Duration running = Duration.between(t, Instant.now());
            WalletFaultsIT.awaitTrue(() -> ledger.served(port), Duration.ofMinutes(10), "every partition served by the new instance");
            Duration served = Duration.between(t, Instant.now());
            System.err.printf("InstanceFailoverBench restore: a new instance with an empty state directory RUNNING %d ms, every "
                    + "partition served %d ms after its start: %d changelog bytes, %.1f MB/s, %.0f s per GB%n", running.toMillis(),
                    served.toMillis(), changelog, changelog / 1e6 / (served.toMillis() / 1000.0),
                    served.toMillis() / 1000.0 / (changelog / 1e9));
        }
    }

    /** Bytes of the application's changelog partitions on one broker (each broker holds a replica of every one). */
    static long changelogBytes(String applicationId) throws Exception {
        try (Admin admin = brokers.cluster().admin()) {
            int broker = brokers.cluster().nodeIds().iterator().next();
            Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(broker)).allDescriptions().get().get(broker);
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
