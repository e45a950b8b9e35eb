package casino.wallet.api;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.common.money.DecimalException;
import casino.wallet.ledger.AmountText;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A strictly read JSON request body: an object without duplicate or unknown keys, each field
 * checked for its type. Every violation is a 400 naming the field.
 */
final class JsonBody {
    static final int MAX_LABELS = 32;
    private static final ObjectMapper STRICT = Json.newMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses {@code body}; an empty body is an empty object when {@code optional}. */
    static JsonBody parse(String body, Set<String> fields, boolean optional) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            if (optional) return new JsonBody(STRICT.createObjectNode());
            throw ApiException.badRequest(null, "request body must be a JSON object");
        }
        JsonNode root = STRICT.readTree(body);
        if (root == null || !root.isObject()) throw ApiException.badRequest(null, "request body must be a JSON object");
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) throw ApiException.badRequest(name, "unknown field '" + name + "'");
        }
        return new JsonBody(root);
    }

    /** The field's node as sent, null when absent. */
    JsonNode raw(String field) {
        return root.get(field);
    }

    private Optional<JsonNode> node(String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    /** A string of 1..max characters without control characters. */
    Optional<String> text(String field, int max) {
        return node(field).map(n -> {
            if (!n.isTextual()) throw ApiException.badRequest(field, field + " must be a string");
            return checkText(n.asText(), field, 1, max);
        });
    }

    /** A string of 0..max characters without control characters (empty allowed). */
    Optional<String> optionalText(String field, int max) {
        return node(field).map(n -> {
            if (!n.isTextual()) throw ApiException.badRequest(field, field + " must be a string");
            return checkText(n.asText(), field, 0, max);
        });
    }

    Optional<BigDecimal> number(String field) {
        return node(field).map(n -> {
            if (!n.isNumber()) throw ApiException.badRequest(field, field + " must be a number");
            return bounded(n.decimalValue(), field);
        });
    }

    /** An amount of the resource API and the transfers: a JSON number or a decimal string ({@code 10.05}, {@code "10.05"}). */
    Optional<BigDecimal> amount(String field) {
        return node(field).map(n -> {
            if (n.isNumber()) return bounded(n.decimalValue(), field);
            if (n.isTextual() && AmountText.isPlain(n.asText())) return new BigDecimal(n.asText());
            throw ApiException.badRequest(field, field + " must be a number or a decimal string");
        });
    }

    /** A number of a request, refused (400 naming the field) unless within {@link AmountText}'s bound: before any arithmetic. */
    static BigDecimal bounded(BigDecimal value, String field) {
        try {
            return AmountText.bounded(value);
        } catch (DecimalException e) {
            throw ApiException.badRequest(field, field + ": " + e.getMessage());
        }
    }

    /** Labels: an object of at most 32 string values, keys 1-64 and values 0-256 characters. */
    Map<String, String> labels(String field) {
        Map<String, String> labels = new LinkedHashMap<>();
        Optional<JsonNode> node = node(field);
        if (node.isEmpty()) return labels;
        if (!node.get().isObject()) throw ApiException.badRequest(field, field + " must be an object of strings");
        if (node.get().size() > MAX_LABELS) throw ApiException.badRequest(field, field + " may hold at most " + MAX_LABELS + " entries");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            checkText(e.getKey(), field, 1, 64);
            if (!e.getValue().isTextual()) throw ApiException.badRequest(field, field + " values must be strings");
            labels.put(e.getKey(), checkText(e.getValue().asText(), field, 0, 256));
        }
        return labels;
    }

    static String checkText(String value, String field, int min, int max) {
        int length = value.codePointCount(0, value.length());
        if (length < min || length > max) {
            throw ApiException.badRequest(field, field + " must be " + (min == 0 ? "at most " + max : min + "-" + max) + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field, field + " must not contain control characters");
        }
        return value;
    }
}
