package casino.wallet;

import casino.common.config.Config;
import casino.common.kafka.StreamsService;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;

/**
 * Starts one wallet instance from environment variables; SIGTERM closes it gracefully. When the ledger's
 * stream threads failed more than {@link StreamsService#MAX_REPLACEMENTS} times in
 * {@link StreamsService#REPLACEMENT_WINDOW}, the process exits with {@link StreamsService#EXIT_THREADS_FAILED}.
 */
public final class WalletMain {
    private WalletMain() {}

    public static void main(String[] args) throws InterruptedException {
        StreamsService.exitProcessOnGiveUp(); // the ledger's threads failed too often: exit 70, the orchestrator restarts us
        Shutdown shutdown = Shutdown.install("wallet");
        shutdown.register(Tracing.start("wallet", Config.fromEnv())); // closed last: flushes the spans
        shutdown.register(WalletService.start(Config.fromEnv()));
        shutdown.await();
    }
}
