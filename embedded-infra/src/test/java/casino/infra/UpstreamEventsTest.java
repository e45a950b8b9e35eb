package casino.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventReader;
import casino.common.event.EventType;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** common's reader against the one table of upstream lines, and the Go generator's whole stream. */
class UpstreamEventsTest {
    @Test
    void givenEachUpstreamLine_whenRead_thenTheEventAndTheIgnoredFieldsAreTheTables() {
        for (UpstreamEvents.Case c : UpstreamEvents.CASES) {
            Set<String> ignored = new HashSet<>();
            CasinoEvent e = EventReader.read(c.json().getBytes(StandardCharsets.UTF_8), (type, field) -> ignored.add(field));
            assertEquals(c.expected(), e.withPlayer(null), c.name());
            assertEquals(c.ignored(), ignored, c.name());
        }
    }

    @Test
    void givenTheGoGeneratorsStreamWithARestart_whenRead_thenEveryEventIsReadAndIdsRepeatWithOtherContent() {
        List<String> first = UpstreamEvents.goGenerator(1, 2_000, 1);
        List<String> second = UpstreamEvents.goGenerator(2, 500, 1);
        Map<EventType, Integer> types = new HashMap<>();
        Map<String, Integer> ignored = new HashMap<>();
        Set<String> digests = new HashSet<>();
        for (String line : first) {
            CasinoEvent e = EventReader.read(line.getBytes(StandardCharsets.UTF_8), (t, f) -> ignored.merge(f, 1, Integer::sum));
            types.merge(e.type(), 1, Integer::sum);
            digests.add(e.contentDigest());
        }
        int reusedWithOtherContent = 0;
        for (String line : second) {
            CasinoEvent e = EventReader.read(line.getBytes(StandardCharsets.UTF_8));
            if (digests.add(e.contentDigest())) reusedWithOtherContent++;
        }
        assertEquals(4, types.size(), types.toString());
        assertTrue(ignored.get("amount") > 500 && ignored.get("game_id") > 400 && ignored.get("currency") > 500, ignored.toString());
        assertEquals(500, reusedWithOtherContent, "every restarted id carries other content");
        assertEquals(EventReader.read(first.get(7).getBytes(StandardCharsets.UTF_8)).contentDigest(),
                EventReader.read(first.get(7).getBytes(StandardCharsets.UTF_8)).contentDigest(), "an exact repeat");
    }
}
