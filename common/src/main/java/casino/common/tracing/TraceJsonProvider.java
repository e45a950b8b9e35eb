package casino.common.tracing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Adds {@code trace_id} and {@code span_id} of the current span to each JSON log line (logback.xml
 * registers it with the logstash encoder); a line logged outside any span has neither. It reads the
 * logging thread's context, so it is right for the synchronous console appender (the one configured);
 * an asynchronous appender would need the ids copied into the event first.
 */
public final class TraceJsonProvider extends AbstractJsonProvider<ILoggingEvent> {
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";

    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) return;
        generator.writeStringField(TRACE_ID, span.getTraceId());
        generator.writeStringField(SPAN_ID, span.getSpanId());
    }
}
