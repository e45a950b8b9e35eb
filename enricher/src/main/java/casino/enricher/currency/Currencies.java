package casino.enricher.currency;

import casino.common.money.Currency;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Currency by code through a map: {@link Currency#find} streams over the values, this is on the per-event path. */
public final class Currencies {
    private static final Map<String, Currency> BY_CODE =
            Arrays.stream(Currency.values()).collect(Collectors.toUnmodifiableMap(Currency::name, Function.identity()));

    private Currencies() {}

    /** The currency of {@code code}, or null when the casino does not take it. */
    public static Currency of(String code) {
        return code == null ? null : BY_CODE.get(code);
    }
}
