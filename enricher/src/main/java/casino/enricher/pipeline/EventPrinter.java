package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.json.Json;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Prints each final event as one JSON line and flushes, so {@code | jq} sees it at once. Lines
 * from several stream threads never interleave (PrintStream locks per line). {@link #stdout()}
 * takes the real standard output for itself and points {@code System.out} at stderr, so nothing
 * else can write to it.
 */
public final class EventPrinter {
    private final PrintStream out;

    public EventPrinter(OutputStream out) {
        this.out = new PrintStream(out, false, StandardCharsets.UTF_8);
    }

    public static EventPrinter stdout() {
        EventPrinter printer = new EventPrinter(new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);
        return printer;
    }

    public void print(CasinoEvent event) {
        print(Json.write(event).getBytes(StandardCharsets.UTF_8));
    }

    /** One line: the event's JSON bytes (UTF-8) and a newline. */
    public void print(byte[] json) {
        synchronized (out) {
            out.write(json, 0, json.length);
            out.write('\n');
            out.flush();
        }
    }
}
