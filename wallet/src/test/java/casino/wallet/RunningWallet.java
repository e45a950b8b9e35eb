package casino.wallet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One wallet on the in-process broker for a whole test class ({@code @RegisterExtension static}):
 * started with {@link WalletFixture#env} before the class's tests, closed after them, its state
 * directory removed.
 */
public final class RunningWallet implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private Path stateDir;
    private Map<String, String> env;
    private WalletService service;
    private WalletClient client;

    public RunningWallet(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        stateDir = Files.createTempDirectory("wallet-" + name);
        env = WalletFixture.env(name, stateDir);
        service = WalletService.start(WalletFixture.config(env));
        client = new WalletClient(service.port());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (service != null) service.close();
        if (stateDir == null) return;
        // best effort: under heavy load a RocksDB file can still appear while the closed ledger's last flush ends
        // (seen as DirectoryNotEmptyException); a temporary directory left behind fails no test
        try (Stream<Path> paths = Files.walk(stateDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("left " + p + " behind: " + e);
                }
            }
        }
    }

    public WalletClient client() {
        return client;
    }

    public WalletService service() {
        return service;
    }

    /** The environment it was started with (its topic prefix, application id, ...). */
    public Map<String, String> env() {
        return env;
    }
}
