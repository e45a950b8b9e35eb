package casino.enricher.pipeline;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Writes a rejected record to the dead-letter sink: its bytes as they were, the reason in headers. */
final class DeadLetters {
    /** {@code <code>: <detail>}, for example {@code negative-amount: negative amount}. */
    public static final String REASON = "dlq.reason";
    public static final String FIELD = "dlq.field";
    /** Where the record came from: {@code topic-partition@offset}. */
    public static final String SOURCE = "dlq.source";

    private DeadLetters() {}

    static void send(ProcessorContext<Object, Object> context, byte[] key, byte[] value, long timestamp,
                     Headers original, Rejection rejection) {
        Headers headers = new RecordHeaders(original.toArray());
        headers.add(REASON, rejection.reason().getBytes(StandardCharsets.UTF_8));
        if (rejection.field() != null) headers.add(FIELD, rejection.field().getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> headers.add(SOURCE,
                (m.topic() + "-" + m.partition() + "@" + m.offset()).getBytes(StandardCharsets.UTF_8)));
        context.forward(new Record<Object, Object>(key, value, timestamp, headers), EnricherTopology.DEAD_LETTERS);
    }
}
