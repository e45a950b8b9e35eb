package casino.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

class DeadLetterTest {
    private static final RecordMetadata SOURCE = new RecordMetadata() {
        @Override public String topic() { return "casino.events"; }
        @Override public int partition() { return 3; }
        @Override public long offset() { return 42; }
    };

    @Test
    void keeps_key_value_and_time_and_says_why_where_and_who() {
        byte[] value = "{bad".getBytes(StandardCharsets.UTF_8);
        Record<byte[], byte[]> original = new Record<>("k".getBytes(StandardCharsets.UTF_8), value, 7L,
                new RecordHeaders().add("trace", "t1".getBytes(StandardCharsets.UTF_8)));

        Record<byte[], byte[]> dead = DeadLetter.of("enricher", original, Optional.of(SOURCE), "malformed-json: x", "amount");

        assertArrayEquals(value, dead.value());
        assertArrayEquals("k".getBytes(StandardCharsets.UTF_8), dead.key());
        assertEquals(7L, dead.timestamp());
        assertEquals("malformed-json: x", DeadLetter.header(dead.headers(), DeadLetter.REASON));
        assertEquals("amount", DeadLetter.header(dead.headers(), DeadLetter.FIELD));
        assertEquals("casino.events", DeadLetter.header(dead.headers(), DeadLetter.SOURCE_TOPIC));
        assertEquals("3", DeadLetter.header(dead.headers(), DeadLetter.SOURCE_PARTITION));
        assertEquals("42", DeadLetter.header(dead.headers(), DeadLetter.SOURCE_OFFSET));
        assertEquals("enricher", DeadLetter.header(dead.headers(), DeadLetter.SERVICE));
        assertEquals("t1", DeadLetter.header(dead.headers(), "trace"));
    }

    @Test
    void a_huge_reason_and_huge_original_headers_stay_bounded() {
        String huge = "é".repeat(600_000); // 1.2 MB of UTF-8, as a reason that repeats a bad value
        var big = new RecordHeaders().add("blob", new byte[500_000]);
        Record<byte[], byte[]> original = new Record<>(null, new byte[10], 0L, big);

        Record<byte[], byte[]> dead = DeadLetter.of("wallet", original, Optional.empty(), huge, null);

        byte[] reason = dead.headers().lastHeader(DeadLetter.REASON).value();
        assertTrue(reason.length <= DeadLetter.MAX_HEADER_BYTES, "reason " + reason.length + " bytes");
        assertTrue(new String(reason, StandardCharsets.UTF_8).endsWith("..."), "cut at a character boundary");
        assertNull(dead.headers().lastHeader("blob"), "an original header over the bound is dropped");
        assertNull(dead.headers().lastHeader(DeadLetter.FIELD));
        int total = 0;
        for (var h : dead.headers()) total += h.key().length() + h.value().length;
        assertTrue(total < 2 * DeadLetter.MAX_HEADER_BYTES, "headers " + total + " bytes");
    }

    @Test
    void an_earlier_dead_letter_reason_is_replaced_not_repeated() {
        var old = new RecordHeaders().add(DeadLetter.REASON, "old".getBytes(StandardCharsets.UTF_8));
        Record<byte[], byte[]> dead = DeadLetter.of("materializer", new Record<>(null, new byte[1], 0L, old),
                Optional.empty(), "new", null);
        int reasons = 0;
        for (var h : dead.headers().headers(DeadLetter.REASON)) reasons++;
        assertEquals(1, reasons);
        assertEquals("new", DeadLetter.header(dead.headers(), DeadLetter.REASON));
    }
}
