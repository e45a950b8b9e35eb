package casino.common.http;

import java.util.Map;

/** An error answered as JSON {@code {"error": ..., "field": ...}} with the given status. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(int status, String message, String field) {
        this(status, message, field, Map.of());
    }

    public ApiException(int status, String message, String field, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.field = field;
        this.headers = headers;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    /** 503 with Retry-After, for answers that cannot be given right now (a rebalance, say). */
    public static ApiException unavailable(String message, int retryAfterSeconds) {
        return new ApiException(503, message, null, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
