package casino.common.security;

import casino.common.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys of {@code API_KEYS}: comma-separated {@code name:secret} or {@code name:sha256:<hex of
 * the secret>}. Only SHA-256 digests are kept; a presented secret is hashed and compared with every
 * key by {@link MessageDigest#isEqual} (constant time, no early exit), so neither the secret nor a
 * timing difference leaks. Known gap: no expiry or rotation beyond restarting with a new list.
 */
public final class ApiKeys {
    public static final String VARIABLE = "API_KEYS";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final ApiKeys NONE = new ApiKeys(List.of());

    private record Key(String name, byte[] digest) {}

    private final List<Key> keys;

    private ApiKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    public static ApiKeys none() {
        return NONE;
    }

    /** Parses the variable's value; a malformed entry fails naming its position, never echoing a secret. */
    public static ApiKeys parse(String spec) {
        if (spec == null || spec.isBlank()) return NONE;
        List<Key> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] entries = spec.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) continue;
            int colon = entry.indexOf(':');
            String name = colon < 0 ? "" : entry.substring(0, colon).trim();
            String rest = colon < 0 ? "" : entry.substring(colon + 1).trim();
            if (!NAME.matcher(name).matches() || rest.isEmpty()) {
                throw new ConfigException(VARIABLE, "entry " + (i + 1) + " must be name:secret or name:sha256:<64 hex digits>"
                        + " (name of letters, digits, '.', '_', '-')");
            }
            if (!names.add(name)) throw new ConfigException(VARIABLE, "names the key '" + name + "' twice");
            byte[] digest;
            if (rest.startsWith("sha256:")) {
                String hex = rest.substring("sha256:".length());
                if (!HEX.matcher(hex).matches()) {
                    throw new ConfigException(VARIABLE, "key '" + name + "': sha256: must be followed by 64 hex digits");
                }
                digest = HexFormat.of().parseHex(hex.toLowerCase());
            } else {
                digest = sha256(rest);
            }
            keys.add(new Key(name, digest));
        }
        return keys.isEmpty() ? NONE : new ApiKeys(keys);
    }

    /** Whether any key is configured (then every protected route needs one). */
    public boolean enabled() {
        return !keys.isEmpty();
    }

    public int size() {
        return keys.size();
    }

    /** The name of the key whose secret this is, if any; every key is compared, in constant time each. */
    public Optional<String> authenticate(String secret) {
        if (secret == null || secret.isEmpty()) return Optional.empty();
        byte[] presented = sha256(secret);
        String match = null;
        for (Key k : keys) {
            if (MessageDigest.isEqual(k.digest(), presented) && match == null) match = k.name();
        }
        return Optional.ofNullable(match);
    }

    /** Hex of the SHA-256 of {@code secret}: what {@code name:sha256:<hex>} expects. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "ApiKeys" + keys.stream().map(Key::name).toList(); // names only: secrets are never printed
    }
}
