package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventPrinterTest {
    @Test
    void givenPrintedLines_whenFlushed_thenTheyAppearTogetherAndNotBefore() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventPrinter printer = new EventPrinter(out);
        printer.print("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        printer.print("{\"id\":2}".getBytes(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "buffered until the batch is flushed");
        printer.flush();
        assertEquals("{\"id\":1}\n{\"id\":2}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void givenSeveralThreadsPrinting_whenFlushed_thenEveryLineIsWhole() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventPrinter printer = new EventPrinter(out);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String line = ("{\"thread\":" + t + ",\"pad\":\"" + "x".repeat(5000) + "\"}");
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) printer.print(line.getBytes(StandardCharsets.UTF_8));
                printer.flush();
            }));
        }
        for (Thread t : threads) t.join();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(800, lines.size());
        assertEquals(800, lines.stream().filter(l -> l.matches("\\{\"thread\":\\d,\"pad\":\"x{5000}\"}")).count());
    }

    @Test
    void givenStdoutGone_whenPrinting_thenNoErrorReachesTheStreamAndWritingStops() {
        AtomicInteger writes = new AtomicInteger();
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }
        };
        EventPrinter printer = new EventPrinter(closed);
        assertDoesNotThrow(() -> {
            printer.print("{}".getBytes(StandardCharsets.UTF_8));
            printer.flush();
            printer.print("{}".getBytes(StandardCharsets.UTF_8));
            printer.flush();
        });
        assertEquals(1, writes.get(), "one failed write, then printing stops");
    }
}
