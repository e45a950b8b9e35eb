package casino.reporting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A ledger's worth of events on a test topic, from its own thread: {@code entries} entries over
 * {@code walletCount} wallets, 100 entries per Kafka transaction, at about {@code rate} entries/s.
 * Keeps the count and exact sum of what it produced.
 */
public final class Load implements AutoCloseable {
    private final List<String> wallets = new ArrayList<>();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong sumMinor = new AtomicLong();
    private final Thread thread;
    private volatile Throwable failure;

    public Load(String topic, int walletCount, int entries, int rate) {
        for (int i = 0; i < walletCount; i++) wallets.add("load-" + UUID.randomUUID());
        thread = new Thread(() -> {
            try (EventProducer producer = new EventProducer(topic)) {
                run(producer, entries, rate);
            } catch (Throwable e) {
                failure = e;
            }
        }, "test-load");
    }

    private void run(EventProducer producer, int entries, int rate) throws InterruptedException {
        WalletEvents events = new WalletEvents();
        Random random = new Random(42);
        long start = System.nanoTime();
        for (String w : wallets) producer.send(events.create(w, "EUR", Map.of("load", "yes"), System.currentTimeMillis()));
        String[] kinds = {"deposit", "casino_bet", "casino_win", "transaction", "transfer_out"};
        while (produced.get() < entries) {
            List<WalletEvents.Event> tx = new ArrayList<>();
            long sum = 0;
            int n = (int) Math.min(100, entries - produced.get());
            for (int i = 0; i < n; i++) {
                String wallet = wallets.get(random.nextInt(wallets.size()));
                long minor = random.nextInt(100_000) - 40_000;
                sum += minor;
                tx.addAll(events.entry(wallet, kinds[random.nextInt(kinds.length)], minor, Map.of(), System.currentTimeMillis()));
            }
            producer.send(tx);
            sumMinor.addAndGet(sum);
            long done = produced.addAndGet(n);
            long aheadNanos = done * 1_000_000_000L / rate - (System.nanoTime() - start);
            if (aheadNanos > 0) Thread.sleep(aheadNanos / 1_000_000); // pacing of the load, not synchronisation
        }
    }

    public Load start() {
        thread.start();
        return this;
    }

    public List<String> wallets() {
        return wallets;
    }

    public long produced() {
        return produced.get();
    }

    /** Waits until every entry is produced; the count and exact EUR sum of what was produced. */
    public Fixture.Entries finish() throws InterruptedException {
        thread.join();
        if (failure != null) throw new AssertionError("load failed", failure);
        return new Fixture.Entries(produced.get(), BigDecimal.valueOf(sumMinor.get(), 2), produced.get());
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(60_000);
    }
}
