package casino.materializer.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.http.ApiException;
import casino.materializer.aggregate.PlayerTotals;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
    private final ClusterView view = new ClusterView("casino.events.enriched", 6, Duration.ofSeconds(1), () -> 0L);

    @Test
    void givenNoRunningApplication_whenFiguresAreAsked_then503WithRetryAfter() {
        ApiException e = assertThrows(ApiException.class, view::global);

        assertEquals(503, e.status());
        assertEquals("1", e.headers().get("Retry-After"));
        assertTrue(e.getMessage().contains("rebalances"), e.getMessage());
    }

    @Test
    void givenAnswersThatMissAPartition_whenCombined_then503NotAPartialFigure() {
        ApiException e = assertThrows(ApiException.class,
                () -> view.requireCoverage(List.of(partial(0, 1, 2), partial(3, 4))));

        assertEquals(503, e.status());
        assertTrue(e.getMessage().contains("5 of 6"), e.getMessage());
    }

    @Test
    void givenTwoInstancesAnsweringForOnePartition_whenCombined_then503() {
        ApiException e = assertThrows(ApiException.class,
                () -> view.requireCoverage(List.of(partial(0, 1, 2, 3), partial(3, 4, 5))));

        assertTrue(e.getMessage().contains("partition 3 answered twice"), e.getMessage());
    }

    @Test
    void givenAnswersCoveringEveryPartitionOnce_whenCombined_thenSummedAcrossInstances() {
        Partial a = new Partial(List.of(0, 1, 2), 5, 1_000L, Map.of(59L, 5L), List.of(new PlayerTotals(10, 2, 1, 700)));
        Partial b = new Partial(List.of(3, 4, 5), 7, 500L, Map.of(59L, 3L, 58L, 4L),
                List.of(new PlayerTotals(11, 2, 1, 900), new PlayerTotals(10, 1, 0, 300)));
        view.requireCoverage(List.of(a, b));

        Figures f = Aggregates.combine(List.of(a, b), 59_999).figures();

        assertEquals(12, f.eventsTotal());
        assertEquals(new Figures.TopPlayer(10, 3), f.topPlayerBets());
        assertEquals(new Figures.TopPlayer(10, 1), f.topPlayerWins());
        assertEquals(new Figures.TopPlayer(10, 1000), f.topPlayerDeposits());
        assertEquals(new java.math.BigDecimal("0.20"), f.eventsPerSecondMovingAverage());
        // 12 events over 59.499 s since the earliest first arrival
        assertEquals(new java.math.BigDecimal("12.10"), f.eventsPerMinute());
    }

    private static Partial partial(Integer... partitions) {
        return new Partial(List.of(partitions), 0, null, Map.of(), List.of());
    }
}
