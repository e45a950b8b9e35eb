package casino.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class RecordLimitTest {
    @Test
    void givenAValueOrHeadersOverTheBound_whenDeserialized_thenRefused_andBelowItPassedOn() {
        var d = RecordLimit.bytes().deserializer();
        byte[] small = "ok".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(small, d.deserialize("t", new RecordHeaders(), small));
        assertThrows(SerializationException.class, () -> d.deserialize("t", new RecordHeaders(), new byte[RecordLimit.DEFAULT_MAX_BYTES + 1]));
        RecordHeaders big = new RecordHeaders();
        big.add("h", new byte[RecordLimit.DEFAULT_MAX_BYTES]);
        assertThrows(SerializationException.class, () -> d.deserialize("t", big, small));
    }

    @Test
    void givenARecordTooLargeToDeadLetterWhole_whenDeadLettered_thenAStubWithItsSizeAndHeadersBounded() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("huge", new byte[2_000_000]);
        Record<byte[], byte[]> big = new Record<>("k".getBytes(StandardCharsets.UTF_8), new byte[2_000_000], 1L, headers);
        Record<byte[], byte[]> dead = DeadLetter.of("svc", big, java.util.Optional.empty(), "too big", null);
        assertEquals(DeadLetter.STUB_PREFIX_BYTES, dead.value().length);
        assertEquals("true", DeadLetter.header(dead.headers(), DeadLetter.STUB));
        assertEquals("2000001", DeadLetter.header(dead.headers(), DeadLetter.ORIGINAL_BYTES));
        assertEquals(null, dead.headers().lastHeader("huge"), "original headers are kept only up to their bound");
        var whole = DeadLetter.of("svc", new Record<>(new byte[1], new byte[1000], 1L), java.util.Optional.empty(), "bad", null);
        assertEquals(1000, whole.value().length);
        assertEquals(null, DeadLetter.header(whole.headers(), DeadLetter.STUB));
    }
}
