package casino.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' own exception handling (KIP-1033, with KIP-1034's dead-letter records) for every
 * topology: a record that a processor throws on, that cannot be deserialized, or whose output cannot
 * be serialized is written to the service's dead-letter topic ({@link DeadLetter}'s headers plus
 * {@code dlq.exception}; a stub when too large) by Streams itself, inside the exactly-once transaction,
 * and the stream goes on. Known gaps: a processor that threw half way keeps the store writes it made
 * before throwing; an exception in a punctuator has no source record, and a global store's thread has
 * no record collector: both are only logged and counted (a global store's reader checks its records).
 */
public final class DeadLetterHandlers {
    /** The service name written in {@code dlq.service}. */
    public static final String SERVICE_CONFIG = "casino.dlq.service";
    /** The {@link MeterRegistry} (an object, not a string) that counts what the handlers dead-letter. */
    public static final String METERS_CONFIG = "casino.dlq.meters";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {}

    /** Sets the three handlers and where they write ({@code deadLetterTopic}, Streams' own DLQ setting). */
    public static void install(Properties props, String service, String deadLetterTopic, MeterRegistry meters) {
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, Processing.class);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, Deserialization.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, Production.class);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(SERVICE_CONFIG, service);
        if (meters != null) props.put(METERS_CONFIG, meters);
    }

    /** What the three handlers share: the topic, the service and the counter. */
    abstract static class Base {
        private String topic;
        private String service = "unknown";
        private MeterRegistry meters;

        public void configure(Map<String, ?> configs) {
            Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
            topic = t == null || t.toString().isBlank() ? null : t.toString();
            Object s = configs.get(SERVICE_CONFIG);
            if (s != null) service = s.toString();
            if (configs.get(METERS_CONFIG) instanceof MeterRegistry m) meters = m;
        }

        /** The dead letter of the source record, or none when there is no source record or no topic. */
        List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext ctx, String stage, Exception e) {
            String reason = stage + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            count(stage, e);
            if (ctx.topic() == null || topic == null) {
                log.error("{} failed without a source record to dead-letter ({}); going on", stage, reason, e);
                return List.of();
            }
            if (ctx.taskId() != null && ctx.taskId().subtopology() < 0) {
                // a global store's thread has no record collector (Streams 4.3.1 would fail on the cast): skipped, logged
                log.error("skipped {}-{}@{} of a global store: {}", ctx.topic(), ctx.partition(), ctx.offset(), reason, e);
                return List.of();
            }
            log.warn("dead-lettering {}-{}@{} to {}: {}", ctx.topic(), ctx.partition(), ctx.offset(), topic, reason, e);
            return List.of(DeadLetter.record(topic, service, ctx.topic(), ctx.partition(), ctx.offset(), ctx.timestamp(),
                    ctx.headers() == null ? new RecordHeaders() : ctx.headers(), ctx.sourceRawKey(), ctx.sourceRawValue(),
                    reason, null, e));
        }

        private void count(String stage, Exception e) {
            if (meters == null) return;
            Counter.builder("streams.records.dead.lettered").description("records Kafka Streams' handlers dead-lettered")
                    .tags("stage", stage, "exception", e.getClass().getSimpleName()).register(meters).increment();
        }
    }

    /** A processor threw: dead-letter the source record and go on. */
    public static final class Processing extends Base implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            return Response.resume(deadLetter(context, "processing", exception));
        }
    }

    /** A source record could not be deserialized: dead-letter it and go on. */
    public static final class Deserialization extends Base implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
            return Response.resume(deadLetter(context, "deserialization", exception));
        }
    }

    /**
     * An output could not be serialized, or was refused as too large: dead-letter the source record
     * and go on (a refused dead letter is dropped after logging). Every other send failure fails the
     * task, as Streams' default does: nothing is silently lost.
     */
    public static final class Production extends Base implements ProductionExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
            if (!(exception instanceof RecordTooLargeException)) return Response.fail();
            if (record.topic().endsWith(".dlq")) {
                log.error("dead letter for {} refused ({}); skipped the record at {}-{}@{}", record.topic(),
                        exception.getMessage(), context.topic(), context.partition(), context.offset());
                return Response.resume();
            }
            return Response.resume(deadLetter(context, "production", exception));
        }

        @Override
        public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                                 SerializationExceptionOrigin origin) {
            return Response.resume(deadLetter(context, "serialization", exception));
        }
    }
}
