package casino.common.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration from environment variables with defaults. Tests build one from a map instead of
 * the process environment. A malformed value fails fast with a message naming the variable.
 */
public final class Config {
    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Config fromEnv() {
        return new Config(System.getenv());
    }

    public static Config of(Map<String, String> values) {
        return new Config(values);
    }

    /** This configuration with some values replaced, for tests and embedded runs. */
    public Config with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(values);
        merged.putAll(overrides);
        return new Config(merged);
    }

    public Optional<String> optional(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue) {
        return optional(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be a whole number, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public long longValue(String name, long defaultValue) {
        return optional(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be a whole number, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public boolean bool(String name, boolean defaultValue) {
        return optional(name).map(v -> switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name, "must be true or false, got '" + v + "'");
        }).orElse(defaultValue);
    }

    /** A duration as ISO-8601 ({@code PT5M}) or a number with unit suffix ms, s, m, h ({@code 500ms}, {@code 60s}). */
    public Duration duration(String name, Duration defaultValue) {
        return optional(name).map(v -> parseDuration(name, v)).orElse(defaultValue);
    }

    static Duration parseDuration(String name, String v) {
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v);
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(name, "must be a duration like 500ms, 60s, 5m or PT5M, got '" + v + "'");
        }
    }
}
