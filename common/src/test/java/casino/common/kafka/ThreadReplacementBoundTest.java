package casino.common.kafka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ThreadReplacementBoundTest {
    @Test
    void givenFiveReplacementsInTenMinutes_whenASixthFailure_thenRefused_andOnceTheWindowMovesAllowedAgain() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "bound-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        StreamsBuilder b = new StreamsBuilder();
        b.stream("in");
        try (StreamsService s = new StreamsService("bound-test", b.build(), p, () -> {})) {
            Instant t = Instant.parse("2026-12-07T18:00:00Z");
            for (int i = 0; i < StreamsService.MAX_REPLACEMENTS; i++) assertTrue(s.replaceAgain(t.plusSeconds(i * 60L)), "replacement " + i);
            assertFalse(s.replaceAgain(t.plusSeconds(9 * 60)), "the sixth within ten minutes");
            assertTrue(s.replaceAgain(t.plusSeconds(10 * 60 + 1)), "the first has left the window");
        }
    }
}
