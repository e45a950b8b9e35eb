package casino.faults;

import casino.wallet.topics.WalletTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A steady deposit load: {@code clients} threads, each posting deposits one after another (a unique
 * fingerprint each, never retried) to wallets chosen so that every partition of wallet.commands gets
 * two. Every attempt is recorded with its answer: 200 is acknowledged; anything else (a 202 still
 * pending, a 503, a timeout, a refused connection) is unknown until checked.
 */
public final class DepositLoad implements AutoCloseable {
    public record Attempt(String wallet, String fingerprint, long cents, Instant sent, Instant answered, int status) {
        public boolean acknowledged() {
            return status == 200;
        }
    }

    private final List<String> wallets;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    private DepositLoad(List<String> wallets) {
        this.wallets = wallets;
    }

    public static DepositLoad start(WalletChild wallet, String name, int partitions, int clients, Duration timeout) {
        DepositLoad load = new DepositLoad(walletsPerPartition(name, partitions, 2));
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = Thread.ofPlatform().name("deposits-" + c).start(() -> {
                for (int i = 0; !load.stop.get(); i++) {
                    String w = load.wallets.get((i * clients + client) % load.wallets.size());
                    String fingerprint = name + "-" + client + "-" + i;
                    long cents = 100 + (i % 7);
                    Instant sent = Instant.now();
                    int status = wallet.deposit(w, cents, fingerprint, timeout).status();
                    load.attempts.add(new Attempt(w, fingerprint, cents, sent, Instant.now(), status));
                }
            });
            load.threads.add(t);
        }
        return load;
    }

    /** {@code each} wallet ids per partition of a topic with {@code partitions} partitions (the wallet's partitioner). */
    static List<String> walletsPerPartition(String name, int partitions, int each) {
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.values().stream().mapToInt(List::size).sum() < partitions * each; i++) {
            String id = name + "-w" + i;
            List<String> ids = byPartition.computeIfAbsent(WalletTopics.partitionOf(id, partitions), p -> new ArrayList<>());
            if (ids.size() < each) ids.add(id);
        }
        return byPartition.values().stream().flatMap(List::stream).toList();
    }

    public List<String> wallets() {
        return wallets;
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    public long acknowledged() {
        return attempts.stream().filter(Attempt::acknowledged).count();
    }

    /** For each wallet, the first acknowledged deposit sent after {@code t}; empty for a wallet without one yet. */
    public Map<String, Optional<Instant>> firstAcknowledgedSentAfter(Instant t) {
        Map<String, Optional<Instant>> first = new TreeMap<>();
        for (String w : wallets) first.put(w, Optional.empty());
        for (Attempt a : attempts) {
            if (!a.acknowledged() || a.sent().isBefore(t)) continue;
            first.merge(a.wallet(), Optional.of(a.answered()), (x, y) -> x.isEmpty() || y.get().isBefore(x.get()) ? y : x);
        }
        return first;
    }

    /** Acknowledged and other answers per second since {@code t}: "s+0: 120 ok / 3 other", ... */
    public String timeline(Instant t, int seconds) {
        long[] ok = new long[seconds];
        long[] other = new long[seconds];
        for (Attempt a : attempts) {
            long s = Duration.between(t, a.answered()).toSeconds();
            if (a.answered().isBefore(t) || s >= seconds) continue;
            if (a.acknowledged()) ok[(int) s]++;
            else other[(int) s]++;
        }
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < seconds; s++) b.append(String.format("s+%d: %d ok / %d other%n", s, ok[s], other[s]));
        return b.toString();
    }

    /** The longest time between two acknowledged answers (or {@code since} and the first) after {@code since}. */
    public Duration longestGap(Instant since) {
        List<Instant> answered = attempts.stream().filter(Attempt::acknowledged).map(Attempt::answered)
                .filter(t -> t.isAfter(since)).sorted().toList();
        Duration longest = Duration.ZERO;
        Instant previous = since;
        for (Instant t : answered) {
            if (Duration.between(previous, t).compareTo(longest) > 0) longest = Duration.between(previous, t);
            previous = t;
        }
        return longest;
    }

    public static long sum(Collection<Attempt> attempts) {
        return attempts.stream().mapToLong(Attempt::cents).sum();
    }

    /** Stops the clients (each finishes its request in flight). */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) t.join(60_000);
    }
}
