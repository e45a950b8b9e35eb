package casino.wallet;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;
import casino.common.tracing.Tracing;

/** Starts one wallet instance from environment variables; SIGTERM closes it gracefully. */
public final class WalletMain {
    private WalletMain() {}

    public static void main(String[] args) throws InterruptedException {
        Shutdown shutdown = Shutdown.install("wallet");
        shutdown.register(Tracing.start("wallet", Config.fromEnv())); // closed last: flushes the spans
        shutdown.register(WalletService.start(Config.fromEnv()));
        shutdown.await();
    }
}
