package casino.common.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' production exception handler of every service: a dead letter (a record for a
 * topic ending in {@code .dlq}) that the broker or producer refuses as too large is logged with the
 * coordinates of the record it came from and skipped, so a poison record cannot stop its partition
 * forever. Every other failure fails the task as Streams' default does (nothing is silently lost).
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RecordTooLargeException && record.topic().endsWith(".dlq")) {
            log.error("dead letter for {} too large to write ({}); skipped the record at {}-{}@{}",
                    record.topic(), exception.getMessage(), context.topic(), context.partition(), context.offset());
            return Response.resume();
        }
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {}
}
