package casino.enricher.currency;

import casino.common.json.Json;
import casino.common.money.DecimalException;
import casino.common.money.Decimals;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Fetches {@code /latest} of an exchangerate.host / frankfurter style API and reads the rates as
 * BigDecimal (never double), each bounded by {@code Decimals.rate} (positive, at most 18 significant
 * digits, exponent within ±30): an answer with a rate outside is a failed fetch. A base other than EUR is converted with the EUR quote it carries
 * (34 significant digits); an answer without a usable EUR basis is an error, never a guess.
 */
public final class FxClient implements RateSource {
    private final HttpClient http;
    private final URI url;
    private final Duration timeout;

    public FxClient(String url, Duration timeout) {
        this.url = URI.create(url);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public FxRates fetch() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("FX API " + url + " answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /** Reads {@code {"base":"EUR","rates":{"USD":1.07,...}}}; the fetch time is filled in by the cache. */
    public static FxRates parse(String body) throws IOException {
        JsonNode root = Json.MAPPER.readTree(body);
        JsonNode rates = root.path("rates");
        if (!rates.isObject()) throw new IOException("FX answer has no \"rates\" object");
        String base = root.path("base").asText("EUR");
        Map<String, BigDecimal> quoted = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = rates.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isNumber()) throw new IOException("FX rate for " + quote(e.getKey()) + " is not a number");
            try {
                quoted.put(e.getKey(), Decimals.rate(e.getValue().decimalValue()));
            } catch (DecimalException bad) {
                // a failed fetch (the last good rates stay in use), never a rate such as 1E+999999999
                throw new IOException("FX rate for " + quote(e.getKey()) + " refused: " + bad.getMessage());
            }
        }
        quoted.put(base, BigDecimal.ONE);
        if (!base.equals("EUR")) {
            BigDecimal eurPerBase = quoted.get("EUR");
            if (eurPerBase == null) throw new IOException("FX answer has base " + base + " and no EUR rate");
            quoted.replaceAll((code, rate) -> rate.divide(eurPerBase, MathContext.DECIMAL128));
            quoted.put("EUR", BigDecimal.ONE);
        }
        return new FxRates(quoted, 0);
    }

    private static String quote(String code) {
        return "'" + (code.length() <= 8 ? code : code.substring(0, 8) + "...") + "'";
    }
}
