package casino.materializer.aggregate;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A fixed-width binary serde for small records of longs (the in-memory stores hold bytes, and JSON
 * would cost more than the counting itself). Values never leave the process: there is no changelog.
 */
final class LongsSerde<T> implements Serde<T> {
    private final int width;
    private final Function<T, long[]> write;
    private final Function<long[], T> read;

    LongsSerde(int width, Function<T, long[]> write, Function<long[], T> read) {
        this.width = width;
        this.write = write;
        this.read = read;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) return null;
            ByteBuffer b = ByteBuffer.allocate(width * Long.BYTES);
            for (long v : write.apply(value)) b.putLong(v);
            return b.array();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) return null;
            if (bytes.length != width * Long.BYTES) {
                throw new SerializationException("expected " + width * Long.BYTES + " bytes, got " + bytes.length);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            long[] values = new long[width];
            for (int i = 0; i < width; i++) values[i] = b.getLong();
            return read.apply(values);
        };
    }
}
