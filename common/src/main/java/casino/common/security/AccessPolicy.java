package casino.common.security;

import casino.common.config.Config;
import casino.common.config.ConfigException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may call a service and where it listens: with {@code API_KEYS} set it listens on
 * {@code BIND_ADDRESS} (default {@code 0.0.0.0}) and protected routes need a key; without keys it
 * listens on {@code 127.0.0.1} only, and a non-loopback {@code BIND_ADDRESS} refuses to start unless
 * {@code ALLOW_ANONYMOUS=true}. The default ({@link #loopbackAnonymous}) is the safe one: loopback, no keys.
 */
public record AccessPolicy(ApiKeys keys, String bindAddress, boolean anonymous) {
    public static final String BIND_ADDRESS = "BIND_ADDRESS";
    public static final String ALLOW_ANONYMOUS = "ALLOW_ANONYMOUS";
    public static final String LOOPBACK = "127.0.0.1";

    public static AccessPolicy loopbackAnonymous() {
        return new AccessPolicy(ApiKeys.none(), LOOPBACK, true);
    }

    /** Keys on a given address (tests). */
    public static AccessPolicy withKeys(ApiKeys keys, String bindAddress) {
        return new AccessPolicy(keys, bindAddress, !keys.enabled());
    }

    /** Reads API_KEYS, BIND_ADDRESS and ALLOW_ANONYMOUS; refuses a public address without keys. */
    public static AccessPolicy from(Config config) {
        ApiKeys keys = ApiKeys.parse(config.optional(ApiKeys.VARIABLE).orElse(null));
        boolean allowAnonymous = config.bool(ALLOW_ANONYMOUS, false);
        String bind = config.string(BIND_ADDRESS, keys.enabled() ? "0.0.0.0" : LOOPBACK);
        if (!keys.enabled() && !isLoopback(bind) && !allowAnonymous) {
            throw new ConfigException(ApiKeys.VARIABLE, "is not set, yet " + BIND_ADDRESS + "=" + bind
                    + " is not a loopback address: set " + ApiKeys.VARIABLE + " (name:secret,...) to protect the service, or "
                    + ALLOW_ANONYMOUS + "=true to take anonymous requests on it");
        }
        return new AccessPolicy(keys, bind, !keys.enabled());
    }

    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new ConfigException(BIND_ADDRESS, "is not an address of this host: '" + address + "'");
        }
    }
}
