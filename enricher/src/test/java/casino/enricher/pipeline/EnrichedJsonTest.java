package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.event.CasinoEvent;
import casino.common.event.Player;
import casino.common.json.Json;
import casino.enricher.TestEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The enricher's output writer against the suite's JSON mapper: the same bytes, always. */
class EnrichedJsonTest {
    private static final String[] TEXTS = {"john@example.com", "zoë@exämple.com", "quote\"back\\slash@x", "tab\tnew\nline\u0001@x",
            "emoji \uD83C\uDFB2@x", "</script>@x", ""};

    private static String mapper(CasinoEvent e) throws Exception {
        return new String(Json.MAPPER.writeValueAsBytes(e), StandardCharsets.UTF_8);
    }

    private static String ours(CasinoEvent e) {
        return new String(EnrichedJson.write(e), StandardCharsets.UTF_8);
    }

    @Test
    void givenRandomRawAndEnrichedEvents_whenWritten_thenTheBytesEqualTheMappersOutput() throws Exception {
        Random r = new Random(11);
        for (int i = 0; i < 5000; i++) {
            Instant at = Instant.ofEpochSecond(r.nextLong(-62_135_596_800L, 253_402_300_799L), r.nextInt(1_000_000_000));
            CasinoEvent e = TestEvents.random(r, r.nextLong(0, Long.MAX_VALUE), at);
            if (r.nextBoolean()) {
                Player p = switch (r.nextInt(3)) {
                    case 0 -> Player.UNKNOWN;
                    case 1 -> new Player(TEXTS[r.nextInt(TEXTS.length)], null);
                    default -> new Player(TEXTS[r.nextInt(TEXTS.length)], Instant.ofEpochMilli(r.nextLong(0, 4_000_000_000_000L)));
                };
                e = e.withAmountEur(e.amount() == null ? null : r.nextLong(0, 1_000_000)).withPlayer(p)
                        .withDescription(TEXTS[r.nextInt(TEXTS.length)] + " \"It's bananas!\" on a game #" + i);
            }
            byte[] expected = Json.MAPPER.writeValueAsBytes(e);
            assertEquals(new String(expected, StandardCharsets.UTF_8), ours(e), "event " + i);
            assertEquals(expected.length, EnrichedJson.write(e).length);
        }
    }

    @Test
    void givenInstantsAtTheEdges_whenFormatted_thenTheyMatchCommonsFormatter() {
        for (String s : List.of("0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2022-01-10T12:34:56.789Z", "2024-02-29T23:59:59.9999Z", "9999-12-31T23:59:59.999Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "0000-06-01T00:00:00Z")) {
            Instant t = Instant.parse(s);
            assertEquals(Json.formatInstant(t), EnrichedJson.instant(t), s);
        }
    }

    @Test
    void givenAnEventWithEveryFieldAbsentButTheRequiredOnes_whenWritten_thenNullsAreOmittedLikeTheMapper() throws Exception {
        CasinoEvent bare = new CasinoEvent(1L, 10L, null, null, null, null, null, null, null, null, null);
        assertEquals(mapper(bare), ours(bare));
        assertEquals("{\"id\":1,\"player_id\":10}", ours(bare));
    }
}
