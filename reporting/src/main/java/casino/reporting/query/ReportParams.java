package casino.reporting.query;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.reporting.time.TimeRange;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pure parsing and validation of the report and search query parameters, each failure a 400 naming
 * the parameter; a time outside {@link TimeRange} (years 0001 to 9999) is one of them. Defaults as in
 * the operations report of seed 003: from = now - 1 month, to = now,
 * offset 0, limit 1000 (at most 10,000).
 */
public final class ReportParams {
    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;
    public static final int MAX_LABELS = 10;

    private ReportParams() {}

    /** A closed time range [from, to]. */
    public record Window(Instant from, Instant to) {}

    public record Page(int offset, int limit) {}

    /** One {@code key:value} label condition. */
    public record Label(String key, String value) {}

    public static Window window(Map<String, List<String>> query, Clock clock) {
        Instant now = clock.instant();
        Instant to = time(query, "to", now);
        Instant from = time(query, "from", now.atOffset(ZoneOffset.UTC).minusMonths(1).toInstant());
        if (from.isAfter(to)) throw ApiException.badRequest("from", "from (" + from + ") is after to (" + to + ")");
        return new Window(from, to);
    }

    public static Page page(Map<String, List<String>> query) {
        int offset = number(query, "offset", 0);
        if (offset < 0) throw ApiException.badRequest("offset", "offset must be 0 or more, got " + offset);
        int limit = number(query, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return new Page(offset, limit);
    }

    /** The repeated {@code label=key:value} parameters (at least one, all must match). */
    public static List<Label> labels(Map<String, List<String>> query) {
        List<String> values = query.getOrDefault("label", List.of());
        if (values.isEmpty()) throw ApiException.badRequest("label", "at least one label=key:value is required");
        if (values.size() > MAX_LABELS) throw ApiException.badRequest("label", "at most " + MAX_LABELS + " labels");
        List<Label> labels = new ArrayList<>();
        for (String v : values) {
            int colon = v.indexOf(':');
            if (colon <= 0) throw ApiException.badRequest("label", "label must be key:value, got '" + v + "'");
            labels.add(new Label(v.substring(0, colon), v.substring(colon + 1)));
        }
        return labels;
    }

    /** An optional single parameter that, when given, must not be blank. */
    public static String optionalText(Map<String, List<String>> query, String name) {
        String v = single(query, name);
        if (v != null && v.isBlank()) throw ApiException.badRequest(name, name + " must not be empty");
        return v;
    }

    private static Instant time(Map<String, List<String>> query, String name, Instant otherwise) {
        String v = single(query, name);
        if (v == null || v.isEmpty()) return otherwise;
        Instant t;
        try {
            t = Json.parseInstant(v.replace(' ', '+')); // an unencoded + in "+00:00" arrives as a space
        } catch (DateTimeException | ArithmeticException e) {
            throw ApiException.badRequest(name, name + " must be an ISO-8601 time like 2022-02-27T21:08:56Z, got '" + v + "'");
        }
        if (!TimeRange.contains(t)) {
            throw ApiException.badRequest(name, name + " must be between " + TimeRange.EARLIEST + " and " + TimeRange.LATEST
                    + ", got '" + v + "'");
        }
        return t;
    }

    private static int number(Map<String, List<String>> query, String name, int otherwise) {
        String v = single(query, name);
        if (v == null || v.isEmpty()) return otherwise;
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be a whole number, got '" + v + "'");
        }
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) throw ApiException.badRequest(name, name + " given more than once");
        return values.isEmpty() ? null : values.get(0);
    }
}
