package casino.common.http;

import casino.common.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's error answers as JSON {@code {"error", "field"}}: the requests Jetty refuses before
 * Javalin sees them (an ambiguous or malformed URI, a URI or headers over the 8 KiB buffers, a
 * malformed request line or body framing). Jetty keeps the status it chose; the message says
 * what was wrong in the request, never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** Jetty's request header buffer, which bounds the URI and the headers. */
    static final int HEADER_BYTES = 8 * 1024;

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        baseRequest.setHandled(true);
        Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        byte[] body = body(response.getStatus(), reason == null ? null : reason.toString());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Refusals of the HTTP parser (before any handler): 400, 414, 431 and the like. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message(status, reason));
        body.put("field", field(status));
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return "{\"error\":\"bad request\",\"field\":null}".getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String message(int status, String reason) {
        return switch (status) {
            case 414 -> "request URI longer than " + HEADER_BYTES + " bytes";
            case 431 -> "request header fields larger than " + HEADER_BYTES + " bytes";
            case 400 -> reason == null || reason.isBlank() || reason.equals("Bad Request")
                    ? "malformed request: URI, headers or body framing" : reason;
            default -> reason == null || reason.isBlank() ? "HTTP " + status : reason;
        };
    }

    private static String field(int status) {
        return status == 414 ? "uri" : null;
    }
}
