package casino.common.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The size bound of every record a topology reads: a source serde made {@link #bounded} refuses a key,
 * or a value with its headers, larger than the bound, so the record goes to the dead-letter topic
 * through Streams' deserialization handler ({@link DeadLetterHandlers}) before any processor copies it
 * (with its headers) into an output that the producer would refuse, which would abort the transaction
 * and bring the record back for ever.
 */
public final class RecordLimit {
    /** Far above any event or command of the suite, far below the producer's 1 MiB request limit. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private RecordLimit() {}

    /** A byte-array serde bounded at {@link #DEFAULT_MAX_BYTES}. */
    public static Serde<byte[]> bytes() {
        return bounded(Serdes.ByteArray(), DEFAULT_MAX_BYTES);
    }

    /** {@code inner} with a deserializer that refuses more than {@code maxBytes} (value and headers) first. */
    public static <T> Serde<T> bounded(Serde<T> inner, int maxBytes) {
        Deserializer<T> d = inner.deserializer();
        Deserializer<T> guarded = new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                check(topic, null, data, maxBytes);
                return d.deserialize(topic, data);
            }

            @Override
            public T deserialize(String topic, Headers headers, byte[] data) {
                check(topic, headers, data, maxBytes);
                return d.deserialize(topic, headers, data);
            }
        };
        return Serdes.serdeFrom(inner.serializer(), guarded);
    }

    /** @throws SerializationException when {@code data} and {@code headers} together exceed {@code maxBytes} */
    static void check(String topic, Headers headers, byte[] data, int maxBytes) {
        long size = (data == null ? 0 : data.length) + headersSize(headers);
        if (size > maxBytes) {
            throw new SerializationException("record of " + size + " bytes on " + topic + " (with headers) is over the bound of "
                    + maxBytes + " bytes");
        }
    }

    /** The bytes of {@code headers}' keys and values. */
    public static long headersSize(Headers headers) {
        if (headers == null) return 0;
        long size = 0;
        for (Header h : headers) size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        return size;
    }
}
