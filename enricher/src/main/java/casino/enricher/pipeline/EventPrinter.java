package casino.enricher.pipeline;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints each final event as one JSON line. Lines are buffered and written out by {@link #flush},
 * which the enrich step calls after each drain and every linger (so {@code | jq} sees lines within
 * a linger, with one write per batch instead of one per line). Lines from several stream threads
 * never interleave (one lock per line). {@link #stdout()} takes the real standard output for itself
 * and points {@code System.out} at stderr, so nothing else can write to it. A write error (reader
 * gone) is logged once and printing stops; processing and the output topic carry on, as with a
 * {@code PrintStream}.
 */
public final class EventPrinter {
    private static final Logger log = LoggerFactory.getLogger(EventPrinter.class);
    private static final int BUFFER = 64 * 1024;
    private final OutputStream out;
    private boolean failed;

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
            if (failed) return;
            try {
                out.write(json, 0, json.length);
                out.write('\n');
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /** Writes out every buffered line. */
    public void flush() {
        synchronized (out) {
            if (failed) return;
            try {
                out.flush();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void fail(IOException e) {
        failed = true;
        log.error("cannot print events any more (stdout closed?); processing goes on: {}", e.toString());
    }
}
