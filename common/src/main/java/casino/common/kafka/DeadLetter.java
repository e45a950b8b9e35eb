package casino.common.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The one dead-letter scheme of every service: key and value are the original record's, unchanged;
 * the headers say why ({@code dlq.reason}, {@code dlq.field} when known), where it came from
 * ({@code dlq.source.topic}, {@code dlq.source.partition}, {@code dlq.source.offset}) and who refused
 * it ({@code dlq.service}). Every header this class writes is cut to {@link #MAX_HEADER_BYTES}, and
 * the original headers are kept only up to that many bytes in all, so a dead letter is never much
 * larger than its record. A record whose key and value exceed {@link #MAX_WHOLE_BYTES} is dead-lettered
 * as a stub: its headers, {@code dlq.original.bytes} and the first {@link #STUB_PREFIX_BYTES} bytes of
 * its value ({@code dlq.stub: true}), because a producer that is refused a record too large inside a
 * transaction aborts the transaction, and the record would come back for ever.
 */
public final class DeadLetter {
    public static final String REASON = "dlq.reason";
    public static final String FIELD = "dlq.field";
    public static final String SOURCE_TOPIC = "dlq.source.topic";
    public static final String SOURCE_PARTITION = "dlq.source.partition";
    public static final String SOURCE_OFFSET = "dlq.source.offset";
    public static final String SERVICE = "dlq.service";
    public static final String EXCEPTION = "dlq.exception";
    public static final String STUB = "dlq.stub";
    public static final String ORIGINAL_BYTES = "dlq.original.bytes";
    /** Key plus value above this many bytes are dead-lettered as a stub (the producer's request limit is 1 MiB). */
    public static final int MAX_WHOLE_BYTES = 512 * 1024;
    /** How much of a stubbed value is kept. */
    public static final int STUB_PREFIX_BYTES = 1024;
    /** Upper bound of each header written here and of the original headers kept, in bytes. */
    public static final int MAX_HEADER_BYTES = 1024;
    private static final String CUT = "...";

    private DeadLetter() {}

    /**
     * The dead letter of {@code original}: same key, value and timestamp, with the reason headers.
     *
     * @param field the input field at fault, or null when the record as a whole is bad
     */
    public static <K, V> Record<K, V> of(String service, Record<K, V> original, Optional<RecordMetadata> source,
                                         String reason, String field) {
        Headers headers = headers(service, original.headers(), source, reason, field);
        int size = sizeOf(original.key()) + sizeOf(original.value());
        if (size <= MAX_WHOLE_BYTES) return original.withHeaders(headers);
        markStub(headers, size);
        return original.withKey(stubbed(original.key())).withValue(stubbed(original.value())).withHeaders(headers);
    }

    /**
     * The dead letter of a consumed record for a plain producer: same key, value and timestamp (a stub
     * when too large), the reason headers, and {@code dlq.exception} when {@code error} is given.
     */
    public static ProducerRecord<byte[], byte[]> record(String topic, String service, String sourceTopic, int partition,
                                                        long offset, long timestamp, Headers original, byte[] key,
                                                        byte[] value, String reason, String field, Throwable error) {
        Headers headers = headers(service, original == null ? new RecordHeaders() : original,
                Optional.of(metadata(sourceTopic, partition, offset)), reason, field);
        if (error != null) headers.add(EXCEPTION, bounded(error.getClass().getName()));
        int size = sizeOf(key) + sizeOf(value);
        if (size > MAX_WHOLE_BYTES) {
            markStub(headers, size);
            key = stubbed(key);
            value = stubbed(value);
        }
        return new ProducerRecord<>(topic, null, timestamp < 0 ? null : timestamp, key, value, headers);
    }

    private static void markStub(Headers headers, int size) {
        headers.add(STUB, "true".getBytes(StandardCharsets.UTF_8));
        headers.add(ORIGINAL_BYTES, Integer.toString(size).getBytes(StandardCharsets.UTF_8));
    }

    private static int sizeOf(Object o) {
        if (o instanceof byte[] b) return b.length;
        if (o instanceof String s) return s.length() * 3; // UTF-8 at its widest, without encoding it
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static <T> T stubbed(T o) {
        if (o instanceof byte[] b && b.length > STUB_PREFIX_BYTES) return (T) Arrays.copyOf(b, STUB_PREFIX_BYTES);
        if (o instanceof String s && s.length() > STUB_PREFIX_BYTES / 3) return (T) s.substring(0, STUB_PREFIX_BYTES / 3);
        return o;
    }

    /** Record coordinates for {@link #headers}, for records not read by Kafka Streams. */
    public static RecordMetadata metadata(String topic, int partition, long offset) {
        return new RecordMetadata() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }
        };
    }

    /** The headers of a dead letter: the original ones (bounded, earlier {@code dlq.*} dropped), then ours. */
    public static Headers headers(String service, Headers original, Optional<RecordMetadata> source,
                                  String reason, String field) {
        RecordHeaders headers = new RecordHeaders();
        int kept = 0;
        for (Header h : original) {
            if (h.key().startsWith("dlq.")) continue;
            int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (kept + size > MAX_HEADER_BYTES) continue;
            kept += size;
            headers.add(h);
        }
        headers.add(REASON, bounded(reason == null || reason.isBlank() ? "unknown" : reason));
        if (field != null && !field.isEmpty()) headers.add(FIELD, bounded(field));
        source.ifPresent(m -> {
            headers.add(SOURCE_TOPIC, bounded(m.topic()));
            headers.add(SOURCE_PARTITION, Integer.toString(m.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(SOURCE_OFFSET, Long.toString(m.offset()).getBytes(StandardCharsets.UTF_8));
        });
        headers.add(SERVICE, bounded(service));
        return headers;
    }

    /** A header's text as UTF-8, cut at a character boundary to at most {@link #MAX_HEADER_BYTES}. */
    static byte[] bounded(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_HEADER_BYTES) return bytes;
        int end = MAX_HEADER_BYTES - CUT.length();
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // not inside a multi-byte character
        byte[] cut = new byte[end + CUT.length()];
        System.arraycopy(bytes, 0, cut, 0, end);
        System.arraycopy(CUT.getBytes(StandardCharsets.US_ASCII), 0, cut, end, CUT.length());
        return cut;
    }

    /** A header's value as text, or null when absent. */
    public static String header(Headers headers, String key) {
        Header h = headers.lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
