package casino.common.money;

import casino.common.config.ConfigException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Currencies as data: an ISO 4217 code (three upper-case letters) and its number of decimals. The
 * known table (EUR, USD, GBP, NZD, RUB, THB 2; JPY 0; BTC 8) is extended by {@code extra}, in
 * production by {@code CURRENCY_DECIMALS} ({@link #STANDARD}); any other well-formed code has 2
 * decimals, so the first rate set for a code makes it usable. A code of the known table keeps its
 * decimals (money already booked in it must keep its meaning). {@link Currency} stays the enum of the
 * casino events.
 */
public final class Currencies {
    public static final int DEFAULT_SCALE = 2;
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final Map<String, Integer> KNOWN = Map.of("EUR", 2, "USD", 2, "GBP", 2, "NZD", 2, "RUB", 2, "THB", 2,
            "JPY", 0, "BTC", 8);
    /** Extra codes and their decimals, e.g. {@code XAU:4,KWD:3}; every service of a deployment must be given the same. */
    public static final String VARIABLE = "CURRENCY_DECIMALS";
    /** The built-in table plus {@code CURRENCY_DECIMALS} of this process's environment. */
    public static final Currencies STANDARD = fromEnvironment(System.getenv());
    private final Map<String, Integer> extra;

    public Currencies(Map<String, Integer> extra) {
        extra.forEach((code, scale) -> {
            if (!isCode(code) || scale < 0 || scale > 18) throw new IllegalArgumentException("bad currency " + code + ":" + scale);
            if (KNOWN.containsKey(code) && KNOWN.get(code).intValue() != scale) {
                throw new IllegalArgumentException(code + " has " + KNOWN.get(code) + " decimals, not " + scale);
            }
        });
        this.extra = Map.copyOf(extra);
    }

    /** Parses {@code "XAU:4,KWD:3"} (empty: none). */
    public static Currencies parse(String text) {
        java.util.HashMap<String, Integer> extra = new java.util.HashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            String[] kv = part.trim().split(":");
            if (kv.length != 2) throw new IllegalArgumentException("expected CODE:decimals, got '" + part + "'");
            extra.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        return new Currencies(extra);
    }

    /** The table of {@code env}: the built-in one plus {@code CURRENCY_DECIMALS}, else a {@link ConfigException} naming it. */
    public static Currencies fromEnvironment(Map<String, String> env) {
        String text = env.get(VARIABLE);
        if (text == null || text.isBlank()) return new Currencies(Map.of());
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(VARIABLE, "must be CODE:decimals,... (e.g. XAU:4,KWD:3): " + e.getMessage());
        }
    }

    /** Three upper-case ASCII letters. */
    public static boolean isCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** The decimals of {@code code}: the table's, or 2. */
    public int scaleOf(String code) {
        Integer scale = extra.get(code);
        if (scale != null) return scale;
        return KNOWN.getOrDefault(code, DEFAULT_SCALE);
    }

    /** Minor units as an exact major amount: 468 EUR -> 4.68, 5 JPY -> 5. */
    public BigDecimal toMajor(long minor, String code) {
        return BigDecimal.valueOf(minor, scaleOf(code));
    }
}
