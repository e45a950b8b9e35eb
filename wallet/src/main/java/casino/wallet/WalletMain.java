package casino.wallet;

import casino.common.config.Config;
import casino.common.lifecycle.Shutdown;

/** Starts one wallet instance from environment variables; SIGTERM closes it gracefully. */
public final class WalletMain {
    private WalletMain() {}

    public static void main(String[] args) throws InterruptedException {
        Shutdown shutdown = Shutdown.install("wallet");
        shutdown.register(WalletService.start(Config.fromEnv()));
        shutdown.await();
    }
}
