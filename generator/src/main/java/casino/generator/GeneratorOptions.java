package casino.generator;

import casino.common.config.Config;
import java.util.Optional;

/**
 * Generator options from flags, falling back to environment variables (GENERATOR_RATE,
 * GENERATOR_COUNT, GENERATOR_SEED, GENERATOR_MAX), then defaults. Flags win over env.
 *
 * @param rate  events per second when not {@code max}
 * @param count stop after this many events; empty means run until stopped
 * @param seed  seed of the random sequence; empty means a random seed
 * @param max   publish as fast as possible (benchmarks)
 */
public record GeneratorOptions(double rate, Optional<Long> count, Optional<Long> seed, boolean max) {
    public static final double DEFAULT_RATE = 20;
    public static final String USAGE =
            "usage: generator [--rate EVENTS_PER_SECOND] [--count N] [--seed N] [--max]";

    /** @throws UsageException with one line naming the option at fault */
    public static GeneratorOptions parse(String[] args, Config env) {
        String rate = env.optional("GENERATOR_RATE").orElse(null);
        String count = env.optional("GENERATOR_COUNT").orElse(null);
        String seed = env.optional("GENERATOR_SEED").orElse(null);
        boolean max = env.bool("GENERATOR_MAX", false);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--max")) {
                if (arg.contains("=")) throw new UsageException("--max takes no value");
                max = true;
                continue;
            }
            if (!name.equals("--rate") && !name.equals("--count") && !name.equals("--seed")) {
                throw new UsageException("unknown option '" + arg + "'");
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(name + " needs a value");
            }
            switch (name) {
                case "--rate" -> rate = value;
                case "--count" -> count = value;
                default -> seed = value;
            }
        }
        return new GeneratorOptions(
                rate == null ? DEFAULT_RATE : positiveRate(rate),
                Optional.ofNullable(count).map(c -> positiveLong("--count", c)),
                Optional.ofNullable(seed).map(s -> anyLong("--seed", s)),
                max);
    }

    private static double positiveRate(String v) {
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--rate must be a positive number of events per second, got '" + v + "'");
    }

    private static long positiveLong(String option, String v) {
        long n = anyLong(option, v);
        if (n <= 0) throw new UsageException(option + " must be a positive whole number, got '" + v + "'");
        return n;
    }

    private static long anyLong(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + v + "'");
        }
    }

    /** A bad option: one clear line for the user, exit code 2. */
    public static class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
