package casino.fx;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.common.money.Currencies;
import casino.common.money.DecimalException;
import casino.common.money.Decimals;
import casino.common.money.FxRate;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code PUT /rates {"base": "EUR", "rates": {"USD": "1.25", "GBP": 0.5}}}: numbers or decimal strings
 * read by common's {@code Decimals.rate} (positive, exponent within ±30: {@code 1E+999999999} and
 * {@code 1e400} are refused), at most 12 significant digits, 3-letter codes (400 naming the field
 * otherwise, nothing set);
 * sets them (fixed until set again), publishes them to fx.rates when a publisher is configured, and
 * answers every current rate as {@code /latest} does.
 */
final class RateRoutes {
    private static final ObjectMapper STRICT = Json.newMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final RateBook book;
    private final Optional<RatePublisher> publisher;
    private final Clock clock;

    RateRoutes(RateBook book, Optional<RatePublisher> publisher, Clock clock) {
        this.book = book;
        this.publisher = publisher;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.put("/rates", this::put);
    }

    private void put(Context ctx) throws Exception {
        Map<String, BigDecimal> rates = parse(ctx.body());
        book.set(rates);
        if (publisher.isPresent()) {
            try {
                publisher.get().publish(rates, clock);
            } catch (IllegalStateException e) {
                throw ApiException.unavailable("rates set but not published: " + e.getMessage(), 1);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base", "EUR");
        Map<String, String> all = new LinkedHashMap<>();
        book.at(clock.instant()).forEach((code, rate) -> all.put(code, rate.toPlainString()));
        body.put("rates", all);
        ctx.json(body);
    }

    static Map<String, BigDecimal> parse(String text) throws Exception {
        JsonNode root = text == null || text.isBlank() ? null : STRICT.readTree(text);
        if (root == null || !root.isObject()) throw ApiException.badRequest(null, "request body must be a JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("base") && !name.equals("rates")) throw ApiException.badRequest(name, "unknown field '" + name + "'");
        }
        JsonNode base = root.get("base");
        if (base != null && !(base.isTextual() && base.asText().equals("EUR"))) throw ApiException.badRequest("base", "base must be EUR");
        JsonNode rates = root.get("rates");
        if (rates == null || !rates.isObject() || rates.isEmpty()) throw ApiException.badRequest("rates", "rates must be a non-empty object");
        Map<String, BigDecimal> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "rates." + e.getKey();
            if (!Currencies.isCode(e.getKey())) throw ApiException.badRequest(field, "currency codes are 3 upper-case letters");
            if (e.getKey().equals("EUR")) throw ApiException.badRequest(field, "EUR is the base (always 1)");
            BigDecimal rate = decimal(e.getValue(), field);
            if (rate.stripTrailingZeros().precision() > FxRate.MAX_SIGNIFICANT_DIGITS) {
                throw ApiException.badRequest(field, field + " has more than " + FxRate.MAX_SIGNIFICANT_DIGITS + " significant digits");
            }
            parsed.put(e.getKey(), rate.stripTrailingZeros());
        }
        return parsed;
    }

    /** The rate bounded by common's {@link Decimals#rate} (positive, exponent within ±30, at most 64 characters). */
    private static BigDecimal decimal(JsonNode node, String field) {
        try {
            if (node.isNumber()) return Decimals.rate(node.decimalValue());
            if (node.isTextual()) return Decimals.rate(node.asText());
        } catch (DecimalException e) {
            throw ApiException.badRequest(field, field + ": " + e.getMessage());
        } catch (NumberFormatException e) {
            // falls through to the 400
        }
        throw ApiException.badRequest(field, field + " must be a number or a decimal string");
    }
}
