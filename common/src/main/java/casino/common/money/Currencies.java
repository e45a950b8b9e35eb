package casino.common.money;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Currencies as data: an ISO 4217 code (three upper-case letters) and its number of decimals. The
 * known table (EUR, USD, GBP, NZD, RUB, THB 2; JPY 0; BTC 8) is extended by {@code extra} (for example
 * from configuration); any other well-formed code has 2 decimals, so the first rate set for a code
 * makes it usable. {@link Currency} stays the enum of the casino events.
 */
public final class Currencies {
    public static final int DEFAULT_SCALE = 2;
    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");
    private static final Map<String, Integer> KNOWN = Map.of("EUR", 2, "USD", 2, "GBP", 2, "NZD", 2, "RUB", 2, "THB", 2,
            "JPY", 0, "BTC", 8);
    /** The built-in table only. */
    public static final Currencies STANDARD = new Currencies(Map.of());
    private final Map<String, Integer> extra;

    public Currencies(Map<String, Integer> extra) {
        extra.forEach((code, scale) -> {
            if (!isCode(code) || scale < 0 || scale > 18) throw new IllegalArgumentException("bad currency " + code + ":" + scale);
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
