package casino.wallet.ledger;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** A dead letter: the original key and value bytes, the reason and the origin in headers. */
public final class DeadLetters {
    public static final String ERROR = "error";
    public static final String SOURCE_TOPIC = "source.topic";
    public static final String SOURCE_PARTITION = "source.partition";
    public static final String SOURCE_OFFSET = "source.offset";

    private DeadLetters() {}

    public static Record<byte[], byte[]> of(Record<byte[], byte[]> original, ProcessorContext<?, ?> context, String reason) {
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        headers.add(ERROR, reason.getBytes(StandardCharsets.UTF_8));
        context.recordMetadata().ifPresent(m -> {
            headers.add(SOURCE_TOPIC, m.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        return new Record<>(original.key(), original.value(), original.timestamp(), headers);
    }
}
