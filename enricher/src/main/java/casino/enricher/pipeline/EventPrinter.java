package casino.enricher.pipeline;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Prints each final event as one JSON line. Lines are buffered and written out by {@link #flush},
 * which the enrich step calls once per batch it emits (so {@code | jq} sees a batch as soon as it
 * is out, with one write instead of one per line). Lines from several stream threads never
 * interleave (one lock per line). {@link #stdout()} takes the real standard output for itself and
 * points {@code System.out} at stderr, so nothing else can write to it.
 */
public final class EventPrinter {
    private static final int BUFFER = 64 * 1024;
    private final OutputStream out;

    public EventPrinter(OutputStream out) {
        this.out = new BufferedOutputStream(out, BUFFER);
    }

    public static EventPrinter stdout() {
        EventPrinter printer = new EventPrinter(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);
        return printer;
    }

    /** Buffers one line: the event's JSON bytes (UTF-8) and a newline; {@link #flush} writes it out. */
    public void print(byte[] json) {
        synchronized (out) {
            try {
                out.write(json, 0, json.length);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException("cannot print an event", e);
            }
        }
    }

    /** Writes out every buffered line. */
    public void flush() {
        synchronized (out) {
            try {
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot flush printed events", e);
            }
        }
    }
}
