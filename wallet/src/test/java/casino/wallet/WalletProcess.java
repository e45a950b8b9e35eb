package casino.wallet;

import casino.common.config.CommonSettings;
import casino.infra.ChildJvm;
import casino.infra.TestInfra;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** WalletMain in a separate JVM ({@link ChildJvm}), for kill -9 and SIGTERM tests. */
public final class WalletProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private WalletProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static int freePort() {
        return ChildJvm.freePort();
    }

    /** Starts WalletMain with the given settings (plus the test broker) and waits until /ready answers 200. */
    public static WalletProcess start(Map<String, String> env, int port, Path log) {
        Map<String, String> all = new HashMap<>(env);
        all.put(WalletSettings.WALLET_PORT, Integer.toString(port));
        all.put(CommonSettings.KAFKA_BOOTSTRAP_SERVERS, TestInfra.kafka().bootstrapServers());
        all.put("SERVICE_NAME", "wallet-child");
        Process process = ChildJvm.start(WalletMain.class, List.of("-Xmx256m"), all, log);
        ChildJvm.awaitReady(process, port, log, Duration.ofSeconds(120));
        return new WalletProcess(process, port);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    /** kill -9: no shutdown hook, no flush, no commit. */
    public void kill() throws InterruptedException {
        ChildJvm.kill(process);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
