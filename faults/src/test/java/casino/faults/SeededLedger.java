package casino.faults;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.Money;
import casino.wallet.WalletSettings;
import casino.wallet.topics.WalletTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A ledger of {@code count} wallets with one deposit each ({@link #cents} of wallet i), written straight to
 * wallet.commands as the HTTP edge writes a deposit (key = wallet id), then awaited: the last wallet of each
 * partition answering its balance means the partition's earlier commands are applied. {@link #check} reads
 * every wallet back through one instance and sums the balances.
 */
public final class SeededLedger {
    private final List<String> wallets;
    /** One wallet per partition (the last written), probed to tell whether the partition is served. */
    private final List<String> probes;

    private SeededLedger(List<String> wallets, List<String> probes) {
        this.wallets = wallets;
        this.probes = probes;
    }

    static long cents(int i) {
        return 100 + i % 97;
    }

    public static SeededLedger seed(Map<String, String> env, int count, int partitions, int answeringPort, Duration timeout)
            throws InterruptedException {
        String topic = env.get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.commands";
        List<String> wallets = new ArrayList<>(count);
        String[] last = new String[partitions];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get(casino.common.config.CommonSettings.KAFKA_BOOTSTRAP_SERVERS),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                String w = "s-" + i;
                wallets.add(w);
                last[WalletTopics.partitionOf(w, partitions)] = w;
                Command deposit = Command.newBuilder().setRequestId("seed-" + i).setFingerprint("seed-" + i)
                        .setDeposit(DepositRequest.newBuilder().setWalletId(w)
                                .setAmount(Money.newBuilder().setMinor(cents(i)).setCurrency(WalletSettings.CURRENCY))
                                .setCreatedAtMs(now)).build();
                producer.send(new ProducerRecord<>(topic, w, deposit.toByteArray()));
            }
            producer.flush();
        }
        SeededLedger ledger = new SeededLedger(wallets, List.of(last));
        Instant deadline = Instant.now().plus(timeout);
        for (int i = 0; i < partitions; i++) {
            String w = last[i];
            WalletChild.Response r;
            while (!balanceIs(r = WalletChild.get(answeringPort, "/details/" + w), cents(Integer.parseInt(w.substring(2))))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError(count + " deposits not applied within " + timeout + ": partition " + i + "'s last, " + w
                            + ", answered " + r);
                }
                Thread.sleep(100); // poll interval, bounded by the deadline
            }
        }
        return ledger;
    }

    public List<String> wallets() {
        return wallets;
    }

    public List<String> probes() {
        return probes;
    }

    /** Whether one probe wallet of every partition answers 200 through {@code port}. */
    public boolean served(int port) {
        for (String w : probes) {
            if (WalletChild.get(port, "/details/" + w).status() != 200) return false;
        }
        return true;
    }

    /** Every wallet read through {@code port}: how many answered 200 with their balance, and the sum of all balances. */
    public record Check(int right, List<String> wrong, long sumCents, long expectedCents) {}

    public Check check(int port, int threads) throws Exception {
        AtomicLong sum = new AtomicLong();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < wallets.size(); i += threads) {
                        WalletChild.Response r = WalletChild.get(port, "/details/" + wallets.get(i));
                        if (r.status() == 200) sum.addAndGet(balanceCents(r.body()));
                        if (!balanceIs(r, cents(i))) wrong.add(wallets.get(i) + ": " + r);
                    }
                }));
            }
            for (Future<?> f : parts) f.get();
        } finally {
            pool.shutdown();
        }
        long expected = 0;
        for (int i = 0; i < wallets.size(); i++) expected += cents(i);
        return new Check(wallets.size() - wrong.size(), List.copyOf(wrong.subList(0, Math.min(5, wrong.size()))),
                sum.get(), expected);
    }

    static boolean balanceIs(WalletChild.Response r, long cents) {
        return r.status() == 200 && balanceCents(r.body()) == cents;
    }

    static long balanceCents(String body) {
        return new BigDecimal(body.replaceAll("(?s).*\"Balance\"\\s*:\\s*([-0-9.]+).*", "$1")).movePointRight(2).longValueExact();
    }
}
