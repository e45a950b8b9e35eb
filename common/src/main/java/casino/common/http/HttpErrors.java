package casino.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error Javalin answers, as JSON {@code {"error", "field"}}: API refusals, malformed or
 * mistyped JSON (400 naming the field), bodies over the limit (413), body framing Jetty rejects
 * while the handler reads (a bad chunk size: 400), writes of another media type than JSON (415).
 * Only a fault of the service itself is a 500, and it is logged.
 */
final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);
    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);
    /** JSON, or curl's default for {@code -d} (the README's examples send JSON under it). */
    private static final Set<String> WRITE_TYPES = Set.of("application/json", "application/x-www-form-urlencoded");

    private HttpErrors() {}

    static void install(Javalin app) {
        app.before(HttpErrors::requireJsonBody);
        app.exception(ApiException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            write(ctx, e.status(), e.getMessage(), e.field());
        });
        app.exception(JsonProcessingException.class, (e, ctx) -> jsonError(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            String message = e.getStatus() == 413 ? "request body larger than " + HttpServer.MAX_BODY_BYTES + " bytes"
                    : e.getMessage();
            write(ctx, e.getStatus(), message, null);
        });
        app.exception(Exception.class, (e, ctx) -> {
            if (e.getCause() instanceof JsonProcessingException jpe) {
                jsonError(ctx, jpe);
                return;
            }
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal error", null);
        });
        app.error(405, ctx -> write(ctx, 405, "method " + ctx.method() + " not allowed on " + ctx.path(), null));
    }

    /**
     * A write with a body takes JSON (or no declared type); anything else is 415 before any handler
     * reads it. The body is read here, so that broken framing (a bad chunk size, a truncated body) is
     * a 400 of its own instead of an error inside a handler.
     */
    private static void requireJsonBody(Context ctx) {
        if (!WRITES.contains(ctx.method()) || !hasBody(ctx)) return;
        String type = ctx.header("Content-Type");
        String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.isEmpty() && !WRITE_TYPES.contains(mediaType)) {
            throw new ApiException(415, "unsupported media type " + mediaType + ": send application/json", "Content-Type");
        }
        try {
            ctx.bodyAsBytes(); // Javalin keeps the bytes for the handler
        } catch (HttpResponseException tooLarge) {
            throw tooLarge;
        } catch (Exception broken) {
            throw new ApiException(400, "malformed request body: " + reason(broken), null);
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadMessageException bad && bad.getReason() != null) return bad.getReason();
        }
        return "incomplete or badly framed";
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static void jsonError(Context ctx, JsonProcessingException e) {
        String field = null;
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            field = mie.getPath().get(mie.getPath().size() - 1).getFieldName();
        }
        String message;
        if (e instanceof UnrecognizedPropertyException upe) {
            message = "unknown field '" + upe.getPropertyName() + "'";
            field = upe.getPropertyName();
        } else if (e instanceof InvalidFormatException ife) {
            message = "wrong type for " + field + ": " + ife.getValue();
        } else if (e instanceof MismatchedInputException) {
            message = field == null ? "malformed JSON body" : "wrong type for " + field;
        } else {
            message = "malformed JSON body: " + e.getOriginalMessage();
        }
        write(ctx, 400, message, field);
    }

    static void write(Context ctx, int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        ctx.status(status).json(body);
    }
}
