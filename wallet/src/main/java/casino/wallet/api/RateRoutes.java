package casino.wallet.api;

import casino.common.http.ApiException;
import casino.common.money.Currencies;
import casino.common.money.DecimalException;
import casino.common.money.Decimals;
import casino.common.money.FxRate;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /rates}: the rates the ledger applies now (its global store of fx.rates), and seed 003's
 * {@code POST /update_currencies} {@code {"Rates": {"USD": 1.0, "EUR": 1.093809}}} (each value the price of
 * one unit in a common unit, each within common's {@code Decimals.rate} bounds), turned into EUR-based rates
 * (X per EUR = price(EUR) / price(X), 18 significant digits, half-even, within the same bounds), published to fx.rates and answered once this instance's store holds them.
 */
final class RateRoutes {
    /** The rates published: {@link Decimals#RATE_MAX_DIGITS} significant digits, the most fx.rates takes. */
    private static final MathContext DIGITS = new MathContext(Decimals.RATE_MAX_DIGITS, RoundingMode.HALF_EVEN);
    private final WalletReader reader;
    private final FxPublisher publisher;
    private final Clock clock;
    private final Duration wait;

    RateRoutes(WalletReader reader, FxPublisher publisher, Clock clock, Duration wait) {
        this.reader = reader;
        this.publisher = publisher;
        this.clock = clock;
        this.wait = wait;
    }

    void register(Javalin app) {
        app.get("/rates", ctx -> ctx.json(rates()));
        app.post("/update_currencies", ctx -> SeedRoutes.payload(ctx, () -> updateCurrencies(ctx)));
    }

    private Map<String, Object> rates() {
        Map<String, String> rates = new TreeMap<>();
        reader.rates().forEach((code, rate) -> rates.put(code, rate.perEur().toPlainString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base", "EUR");
        body.put("rates", rates);
        return body;
    }

    private Object updateCurrencies(Context ctx) throws IOException {
        JsonBody body = JsonBody.parse(ctx.body(), Set.of("Rates"), false);
        JsonNode prices = body.raw("Rates");
        if (prices == null || !prices.isObject() || prices.isEmpty()) throw ApiException.badRequest("Rates", "Rates must be an object of prices");
        Map<String, BigDecimal> price = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = prices.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "Rates." + e.getKey();
            if (!Currencies.isCode(e.getKey())) throw ApiException.badRequest(field, "currency codes are 3 upper-case letters");
            price.put(e.getKey(), decimal(e.getValue(), field));
        }
        BigDecimal eur = price.get("EUR");
        if (eur == null) throw ApiException.badRequest("Rates.EUR", "Rates must price EUR (the base of the ledger's rates)");
        Map<String, BigDecimal> perEur = new TreeMap<>();
        price.forEach((code, p) -> {
            if (code.equals("EUR")) return;
            String field = "Rates." + code;
            try { // the derived rate is held to the same bound as any rate (fx.rates refuses others)
                perEur.put(code, Decimals.rate(eur.divide(p, DIGITS)));
            } catch (DecimalException e) {
                throw ApiException.badRequest(field, field + ": the rate per EUR it gives is out of bounds (" + e.getMessage() + ")");
            }
        });
        publisher.publish(perEur, "update_currencies", clock.instant());
        awaitApplied(perEur);
        return rates();
    }

    /** Polls this instance's global store until it holds the rates just published (bounded by the wait). */
    private void awaitApplied(Map<String, BigDecimal> perEur) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, FxRate> now = reader.rates();
            if (perEur.entrySet().stream().allMatch(e -> now.containsKey(e.getKey())
                    && now.get(e.getKey()).perEur().compareTo(e.getValue()) == 0)) {
                return;
            }
            try {
                Thread.sleep(10); // poll the global store, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw ApiException.unavailable("the rates were published but are not applied yet: read GET /rates", 1);
    }

    /** A price: a positive number or decimal string within {@link Decimals#rate}'s bounds (1e400 and 1E+999999999 are 400s). */
    static BigDecimal decimal(JsonNode node, String field) {
        if (!node.isNumber() && !node.isTextual()) throw ApiException.badRequest(field, field + " must be a number or a decimal string");
        try {
            return node.isNumber() ? Decimals.rate(node.decimalValue()) : Decimals.rate(node.asText());
        } catch (DecimalException e) {
            throw ApiException.badRequest(field, field + ": " + e.getMessage());
        }
    }
}
