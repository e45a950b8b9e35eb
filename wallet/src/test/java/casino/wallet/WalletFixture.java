package casino.wallet;

import casino.common.config.CommonSettings;
import casino.common.config.Config;
import casino.infra.TestInfra;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Settings for one wallet application on the shared test broker: its own application id and topic
 * prefix (so tests never see each other's commands), a free HTTP port, a given state directory.
 */
public final class WalletFixture {
    private WalletFixture() {}

    public static Map<String, String> env(String name, Path stateDir) {
        String unique = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = new HashMap<>();
        env.put(WalletSettings.WALLET_PORT, "0");
        env.put(WalletSettings.WALLET_APPLICATION_ID, "wallet-" + unique);
        env.put(WalletSettings.WALLET_TOPIC_PREFIX, unique + ".");
        env.put(WalletSettings.WALLET_CASINO_TOPIC, unique + ".casino.events.enriched");
        env.put(CommonSettings.STATE_DIR, stateDir.toString());
        env.put(CommonSettings.TOPIC_PARTITIONS, "4");
        return env;
    }

    public static Config config(Map<String, String> env) {
        return TestInfra.config(env);
    }

    /** Another instance of the same application: same id and topics, its own state directory and port. */
    public static Map<String, String> sibling(Map<String, String> env, Path stateDir) {
        Map<String, String> other = new HashMap<>(env);
        other.put(CommonSettings.STATE_DIR, stateDir.toString());
        return other;
    }
}
