package casino.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast path answers exactly what the formatter path answers, or leaves the input to it. */
class IsoTimesTest {
    private static final String[] OFFSETS = {"", "Z", "z", "+00", "-00:00", "+02:00", "+0200", "-05", "+18:00", "-18:01",
            "+19", "+05:3", "+05:60", "+0530", "+5", "+02:00:00", " ", "Z ", "+", "UTC"};
    private static final String[] FRACTIONS = {"", ".", ".1", ".123", ".123456", ".123456789", ".1234567890", ".12a", ".-1"};

    @Test
    void givenTheShapesProducersWrite_whenParsed_thenTheFastPathTakesThemWithTheFormattersAnswer() {
        for (String s : new String[]{"2026-12-07T21:30:01Z", "2026-12-07T21:30:01.123456789+01:00", "2026-12-07T21:30:01",
                "2026-02-28T23:59:59.5-0330", "0001-01-01T00:00:00Z", "2024-02-29T00:00:00+14"}) {
            assertNotNull(IsoTimes.fast(s), s);
            assertEquals(EventReader.parseTimeByFormatter(s), IsoTimes.fast(s), s);
        }
    }

    @Test
    void givenDatesThatDoNotExist_whenParsed_thenTheFastPathLeavesThemToTheFormatter() {
        for (String s : new String[]{"2026-02-30T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T23:59:60Z", "2026-13-01T00:00:00Z",
                "2026-12-07t21:30:01Z", "+2026-12-07T21:30:01Z", "2026-12-07T21:30Z", "2026-12-07 21:30:01Z"}) {
            assertNull(IsoTimes.fast(s), s);
        }
    }

    @Test
    void givenRandomDateTimesAndMutations_whenParsedByBothPaths_thenTheFastPathNeverDisagrees() {
        Random random = new Random(7);
        int fastTaken = 0;
        for (int i = 0; i < 40_000; i++) {
            String s = candidate(random);
            Instant fast = IsoTimes.fast(s);
            Instant reference;
            try {
                reference = EventReader.parseTimeByFormatter(s);
            } catch (DateTimeException refused) {
                reference = null;
            }
            if (fast != null) {
                fastTaken++;
                assertEquals(reference, fast, "the fast path must answer as the formatter does: " + s);
            }
        }
        assertEquals(true, fastTaken > 3_000, "the generator exercises the fast path: " + fastTaken);
    }

    private static String candidate(Random r) {
        String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d", r.nextInt(10_000), r.nextInt(14), r.nextInt(33), r.nextInt(26),
                r.nextInt(62), r.nextInt(62)) + FRACTIONS[r.nextInt(FRACTIONS.length)] + OFFSETS[r.nextInt(OFFSETS.length)];
        if (r.nextInt(4) == 0) { // one character replaced by a digit, a separator or a non-ASCII digit
            char[] c = s.toCharArray();
            c[r.nextInt(c.length)] = "0159-:T.+Z٣ ".charAt(r.nextInt(12));
            s = new String(c);
        }
        return s;
    }
}
