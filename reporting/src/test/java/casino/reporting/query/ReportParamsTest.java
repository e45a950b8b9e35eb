package casino.reporting.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import casino.common.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportParamsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-03-31T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void defaultsAreTheLastMonthAndTheFirstThousand() {
        assertEquals(new ReportParams.Window(Instant.parse("2022-02-28T12:00:00Z"), CLOCK.instant()),
                ReportParams.window(Map.of(), CLOCK));
        assertEquals(new ReportParams.Page(0, 1000), ReportParams.page(Map.of()));
        assertEquals(new ReportParams.Page(5, 10_000), ReportParams.page(Map.of("offset", List.of("5"), "limit", List.of("10000"))));
    }

    @Test
    void timesTakeEveryOffsetFormOfUpstreamSystems() {
        Instant t = Instant.parse("2022-02-27T21:08:56Z");
        for (String text : List.of("2022-02-27T21:08:56Z", "2022-02-27T21:08:56+00:00", "2022-02-27T21:08:56+00",
                "2022-02-27T21:08:56 00:00", "2022-02-27T22:08:56+01:00")) {
            assertEquals(t, ReportParams.window(Map.of("from", List.of(text)), CLOCK).from(), text);
        }
    }

    @Test
    void eachBadValueNamesItsParameter() {
        assertEquals("from", field(() -> ReportParams.window(Map.of("from", List.of("2022-02-30")), CLOCK)));
        assertEquals("from", field(() -> ReportParams.window(Map.of("from", List.of("2022-04-01T00:00:00Z")), CLOCK)));
        assertEquals("to", field(() -> ReportParams.window(Map.of("to", List.of("soon")), CLOCK)));
        assertEquals("limit", field(() -> ReportParams.page(Map.of("limit", List.of("0")))));
        assertEquals("limit", field(() -> ReportParams.page(Map.of("limit", List.of("10001")))));
        assertEquals("offset", field(() -> ReportParams.page(Map.of("offset", List.of("-1")))));
        assertEquals("label", field(() -> ReportParams.labels(Map.of())));
        assertEquals("label", field(() -> ReportParams.labels(Map.of("label", List.of("novalue")))));
        assertEquals("label", field(() -> ReportParams.labels(Map.of("label", Arrays.asList(new String[11]).stream()
                .map(x -> "k:v").toList()))));
    }

    @Test
    void aLabelSplitsAtItsFirstColon() {
        assertEquals(List.of(new ReportParams.Label("url", "http://x"), new ReportParams.Label("a", "")),
                ReportParams.labels(Map.of("label", List.of("url:http://x", "a:"))));
    }

    private static String field(Runnable r) {
        return assertThrows(ApiException.class, r::run).field();
    }
}
