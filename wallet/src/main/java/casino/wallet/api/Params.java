package casino.wallet.api;

import casino.common.http.ApiException;
import casino.common.json.Json;
import casino.common.money.Currencies;
import casino.wallet.ledger.Fingerprint;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The request fields the write and read routes share, each checked with the 400 naming it. */
final class Params {
    /** from and to must fit a long of epoch milliseconds (about 292 million years either side of 1970). */
    private static final Instant MIN_TIME = Instant.ofEpochMilli(Long.MIN_VALUE);
    private static final Instant MAX_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

    private Params() {}

    /**
     * A required amount (number or decimal string) within the resource API's rules: {@code |amount| >= 1}
     * (positive when {@code positive}), at most 1e12, at most 8 decimals; the currency's own decimals are the ledger's check.
     */
    static BigDecimal checkedAmount(JsonBody body, String field, boolean positive) {
        BigDecimal amount = body.amount(field).orElseThrow(() -> ApiException.badRequest(field, field + " is required"));
        if (positive && amount.signum() <= 0) throw ApiException.badRequest(field, field + " must be positive");
        if (amount.abs().compareTo(ResourceRoutes.MIN_ABS_AMOUNT) < 0) {
            throw ApiException.badRequest(field, positive ? field + " must be at least 1.00" : field + " must be at least 1.00 or at most -1.00");
        }
        if (amount.abs().compareTo(AmountLimit.MAX_MAJOR) > 0) {
            throw ApiException.badRequest(field, field + " must be at most " + AmountLimit.MAX_TEXT + " in absolute value");
        }
        if (amount.stripTrailingZeros().scale() > 8) throw ApiException.badRequest(field, field + " has too many decimals");
        return amount;
    }

    /** An optional ISO 4217 code (three upper-case letters); whether the ledger has a rate for it is the ledger's check. */
    static Optional<String> currency(JsonBody body) {
        return body.text("currency", 3).map(c -> {
            if (!Currencies.isCode(c)) throw ApiException.badRequest("currency", "currency must be an ISO 4217 code (3 upper-case letters)");
            return c;
        });
    }

    /** A client's idempotency key: 1-64 characters, not in the reserved {@code void:} namespace. */
    static String fingerprint(String value, String field) {
        if (Fingerprint.isReservedForVoids(value)) {
            throw ApiException.badRequest(field, field + " must not start with " + Fingerprint.VOID_PREFIX + " (reserved for voids)");
        }
        if (Fingerprint.isReserved(value)) {
            throw ApiException.badRequest(field, field + " must not start with " + Fingerprint.TRANSFER_PREFIX + " (reserved for transfers)");
        }
        return value;
    }

    static String transactionId(String value) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("txid", "txid must be a transaction id (UUID)");
        }
    }

    static Instant instant(Context ctx, String name, Instant fallback) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        Instant instant;
        try {
            instant = Json.parseInstant(value);
        } catch (DateTimeException e) {
            throw ApiException.badRequest(name, name + " must be an ISO-8601 timestamp, e.g. 2026-01-10T12:00:00Z");
        }
        if (instant.isBefore(MIN_TIME) || instant.isAfter(MAX_TIME)) {
            throw ApiException.badRequest(name, name + " must be between " + MIN_TIME + " and " + MAX_TIME);
        }
        return instant;
    }

    static int integer(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name, name + " must be an integer from " + min + " to " + max);
        }
    }
}
