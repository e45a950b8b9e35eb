package casino.materializer.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.infra.HeadlessChromium;
import casino.materializer.Fixtures;
import casino.materializer.MaterializerService;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page at {@code /} in real headless Chromium, fed by the live stream of a real materializer. */
class LivePageBrowserTest {
    /** The six figures as the page shows them, or null while the page is still loading. */
    private static final String FIGURES = "(() => { const ids = ['events_total','events_per_minute',"
            + "'events_per_second_moving_average','top_player_bets','top_player_wins','top_player_deposits'];"
            + " if (ids.some(id => !document.getElementById(id))) return null;"
            + " return JSON.stringify(ids.map(id => document.getElementById(id).textContent)); })()";
    /** How many bars of the chart are drawn (green pixels on the bottom row of each bar slot). */
    private static final String GREEN_PIXELS = "(() => { const c = document.getElementById('chart');"
            + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
            + " for (let i = 0; i < d.length; i += 4) if (d[i+1] > 150 && d[i] < 120) n++; return n; })()";

    @Test
    void givenThePageOpenInChromium_whenEventsArrive_thenTheSixFiguresAppearAndChange(
            @TempDir Path state, @TempDir Path browserDir) throws Exception {
        String topic = Fixtures.uniqueTopic("mat-it-page");
        try (MaterializerService app = Fixtures.start(topic, "mat-it-page-" + UUID.randomUUID(), state);
             HeadlessChromium chromium = HeadlessChromium.open("http://localhost:" + app.port() + "/",
                     browserDir.resolve("profile"))) {
            JsonNode empty = awaitFigures(chromium, "the empty figures", f -> f.get(0).asText().equals("0"));
            assertEquals("none", empty.get(3).asText(), "no top player yet: " + empty);
            assertEquals("0.00", empty.get(2).asText());

            List<CasinoEvent> first = Fixtures.events(40, 3, 1);
            Fixtures.produce(topic, first);
            JsonNode afterFirst = awaitFigures(chromium, "40 events on the page", f -> f.get(0).asText().equals("40"));
            Map<String, Long> bets = Fixtures.expectedTop(first, "bets");
            Map<String, Long> deposits = Fixtures.expectedTop(first, "deposits");
            assertEquals("#" + bets.get("id") + " · " + bets.get("count"), afterFirst.get(3).asText());
            assertEquals(String.format("#%d · %d.%02d EUR", deposits.get("id"), deposits.get("count") / 100,
                    deposits.get("count") % 100), afterFirst.get(5).asText());
            assertTrue(Double.parseDouble(afterFirst.get(2).asText()) > 0, "moving average moved: " + afterFirst);
            assertTrue(chromium.evaluate(GREEN_PIXELS).asInt() > 0, "the chart draws the events of this second");

            Fixtures.produce(topic, Fixtures.events(60, 4, 41));
            JsonNode afterSecond = awaitFigures(chromium, "100 events on the page", f -> f.get(0).asText().equals("100"));
            assertTrue(Double.parseDouble(afterSecond.get(2).asText()) > Double.parseDouble(afterFirst.get(2).asText()),
                    "the moving average grows with the events: " + afterFirst + " -> " + afterSecond);
        }
    }

    private static JsonNode awaitFigures(HeadlessChromium chromium, String what,
                                         java.util.function.Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(HeadlessChromium.deadline());
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            JsonNode shown = chromium.evaluate(FIGURES);
            if (shown.isTextual()) {
                last = casino.common.json.Json.MAPPER.readTree(shown.asText());
                if (condition.test(last)) return last;
            }
            Thread.sleep(200); // poll the page, bounded by the deadline
        }
        throw new AssertionError("timed out waiting for " + what + "; page shows " + last);
    }
}
