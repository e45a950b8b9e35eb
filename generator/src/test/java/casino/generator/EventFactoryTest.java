package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class EventFactoryTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static List<CasinoEvent> generate(long seed, int n) {
        EventFactory f = new EventFactory(seed);
        return LongStream.rangeClosed(1, n).mapToObj(id -> f.next(id, NOW)).toList();
    }

    @Test
    void givenTheSameSeed_thenTheSameSequence() {
        assertEquals(generate(7, 500), generate(7, 500));
        assertNotEquals(generate(7, 500), generate(8, 500));
    }

    @Test
    void givenManyEvents_thenEveryFieldFollowsTheContract() {
        List<CasinoEvent> events = generate(42, 20_000);
        Map<EventType, Integer> perType = new EnumMap<>(EventType.class);
        Set<String> currencies = new HashSet<>();
        int bets = 0;
        int won = 0;
        for (CasinoEvent e : events) {
            e.validate();
            perType.merge(e.type(), 1, Integer::sum);
            assertTrue(e.playerId() >= 10 && e.playerId() <= 19, "player " + e.playerId());
            if (e.gameId() != null) assertTrue(e.gameId() >= 100 && e.gameId() <= 109, "game " + e.gameId());
            if (e.type().hasAmount()) {
                currencies.add(e.currency());
                long max = e.currency().equals("BTC") ? 99_999 : 1_999;
                assertTrue(e.amount() >= 1 && e.amount() <= max, e.amount() + " " + e.currency());
            }
            if (e.type() == EventType.BET) {
                bets++;
                if (e.hasWon()) won++;
            }
        }
        for (EventType t : EventType.values()) {
            int n = perType.getOrDefault(t, 0);
            assertTrue(n > 4_500 && n < 5_500, "uniform types: " + perType);
        }
        assertEquals(Set.of("EUR", "USD", "GBP", "NZD", "BTC"), currencies);
        double wonShare = (double) won / bets;
        assertTrue(wonShare > 0.04 && wonShare < 0.06, "5 % of bets won, got " + wonShare);
    }
}
