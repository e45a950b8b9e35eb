package casino.reporting.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import casino.common.kafka.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The dead letters of the mirror, built by common's {@link DeadLetter#record}. */
class DeadLettersTest {
    private static ConsumerRecord<byte[], byte[]> record(byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("wallet.events", 2, 41L, 1_000L, TimestampType.CREATE_TIME, 1, value.length,
                "w".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    @Test
    void givenAMappingThatThrew_whenDeadLettered_thenTheExceptionClassAndTheSourceAreInTheHeaders() {
        MirrorBatch.Rejected r = new MirrorBatch.Rejected(record(new byte[] {1, 2}, new RecordHeaders()),
                MirrorBatch.Category.EXCEPTION, "mapping failed: boom", null, new ArithmeticException("boom"));
        var letter = DeadLetters.deadLetter("reporting.dlq", r);
        assertEquals("reporting.dlq", letter.topic());
        assertEquals("java.lang.ArithmeticException", DeadLetter.header(letter.headers(), DeadLetter.EXCEPTION));
        assertEquals("mapping failed: boom", DeadLetter.header(letter.headers(), DeadLetter.REASON));
        assertEquals("41", DeadLetter.header(letter.headers(), DeadLetter.SOURCE_OFFSET));
        assertEquals("2", DeadLetter.header(letter.headers(), DeadLetter.SOURCE_PARTITION));
        assertEquals("reporting", DeadLetter.header(letter.headers(), DeadLetter.SERVICE));
        assertEquals(1_000L, letter.timestamp());
        assertNull(letter.headers().lastHeader(DeadLetter.STUB));
    }

    @Test
    void givenARecordTooLargeForItsHeaders_whenDeadLettered_thenAStubWithoutThemAndItsOriginalSize() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("blob", new byte[300_000]);
        MirrorBatch batch = new MirrorBatch();
        batch.add(record(new byte[] {8, 1}, headers));
        MirrorBatch.Rejected r = batch.rejected.get(0);
        assertEquals(MirrorBatch.Category.TOO_LARGE, r.category());
        var letter = DeadLetters.deadLetter("reporting.dlq", r);
        assertEquals("true", DeadLetter.header(letter.headers(), DeadLetter.STUB));
        assertEquals(Integer.toString(1 + 2 + 4 + 300_000), DeadLetter.header(letter.headers(), DeadLetter.ORIGINAL_BYTES));
        assertNull(letter.headers().lastHeader("blob"));
        assertEquals(1, batch.records());
        assertEquals(42L, batch.nextOffsets.get(2));
    }
}
