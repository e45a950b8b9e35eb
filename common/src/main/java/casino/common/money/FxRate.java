package casino.common.money;

import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One exchange rate on the compacted topic {@code fx.rates} (key = the currency code): {@code
 * {"currency":"USD","per_eur":"1.25","at":"2026-01-10T12:00:00.000Z","source":"fx-api"}}, units of
 * the currency per 1 EUR as an exact decimal string. Written by the fx-api and the wallet's
 * {@code /update_currencies}, read by the wallet's ledger. {@link #SERDE} is the one wire form.
 */
public record FxRate(String currency, BigDecimal perEur, Instant at, String source) {
    /** The compacted topic of the current rates (one partition, key = currency code). */
    public static final String TOPIC = "fx.rates";
    public static final int MAX_SIGNIFICANT_DIGITS = 12;
    public static final Serde<FxRate> SERDE = Serdes.serdeFrom(
            (topic, rate) -> rate == null ? null : rate.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            (topic, bytes) -> bytes == null ? null : parse(bytes).orElseThrow(() -> new SerializationException("not an fx rate")));

    public FxRate {
        if (!Currencies.isCode(currency)) throw new IllegalArgumentException("currency must be 3 upper-case letters");
        perEur = Decimals.rate(perEur); // bounded: a rate such as 1E+999999999 is never stored
    }

    public String toJson() {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("currency", currency);
        node.put("per_eur", perEur.stripTrailingZeros().toPlainString());
        node.put("at", Json.WRITE_INSTANT.format(at));
        node.put("source", source);
        return node.toString();
    }

    /** The rate in {@code bytes}, or empty when they are not a valid rate record. */
    public static Optional<FxRate> parse(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            if (n == null || !n.path("currency").isTextual() || !n.path("per_eur").isTextual()) return Optional.empty();
            Instant at = n.path("at").isTextual() ? Json.parseInstant(n.path("at").asText()) : Instant.EPOCH;
            return Optional.of(new FxRate(n.path("currency").asText(), Decimals.rate(n.path("per_eur").asText()), at,
                    n.path("source").asText("")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
