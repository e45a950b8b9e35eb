package casino.generator;

import casino.common.config.Config;
import casino.common.security.AccessPolicy;

/**
 * The generator's settings: what to publish ({@link GeneratorOptions}: flags, else GENERATOR_RATE,
 * GENERATOR_COUNT, GENERATOR_SEED, GENERATOR_MAX), its HTTP port (GENERATOR_PORT, 8084; 0 picks a free
 * port) and who may call it (API_KEYS, BIND_ADDRESS, ALLOW_ANONYMOUS).
 */
public record GeneratorSettings(GeneratorOptions options, int port, AccessPolicy access) {
    public static final String PORT = "GENERATOR_PORT";
    public static final int DEFAULT_PORT = 8084;

    /** @throws GeneratorOptions.UsageException for a bad option, {@link casino.common.config.ConfigException} for a bad variable */
    public static GeneratorSettings from(String[] args, Config config) {
        return new GeneratorSettings(GeneratorOptions.parse(args, config), config.integer(PORT, DEFAULT_PORT),
                AccessPolicy.from(config));
    }
}
