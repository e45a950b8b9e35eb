package casino.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tokenizer that finds the metric names of the dashboard's expressions. */
class PromQlTest {

    @Test
    void givenAggregationsAndFunctions_whenRead_thenOnlyTheMetricNamesRemain() {
        assertEquals(Set.of("http_server_requests_seconds_bucket"), PromQl.metrics(
                "histogram_quantile(0.99, sum by (le, service) (rate(http_server_requests_seconds_bucket[$__rate_interval])))"));
        assertEquals(Set.of("a_total", "b_total"), PromQl.metrics(
                "sum without (instance) (increase(a_total[5m] offset 1h)) / on (service) group_left (kind) max(b_total) > bool 0.5"));
        assertEquals(Set.of("x:recorded:rate5m"), PromQl.metrics("topk(5, x:recorded:rate5m) and ${var} > 1e3"));
    }

    @Test
    void givenGroupingClauses_whenRead_thenTheirLabelsAreListed() {
        assertEquals(Set.of("le", "service", "instance", "kind"), PromQl.groupingLabels(
                "histogram_quantile(0.5, sum by (le, service) (rate(m_bucket{x=\"y\"}[5m]))) / on (instance) group_left (kind) n"));
        assertEquals(Set.of(), PromQl.groupingLabels("sum(rate(m_total[1m]))"));
    }

    @Test
    void givenLabelMatchers_whenRead_thenLabelsAndEqualityValuesAreKept() {
        List<PromQl.Selector> selectors = PromQl.selectors(
                "rate(m_total{service=\"wallet\", route=~\"/deposit|/x\", kind!='a,b}', result=\"$result\"}[1m]) + n");
        assertEquals(2, selectors.size());
        PromQl.Selector m = selectors.get(0);
        assertEquals("m_total", m.metric());
        assertEquals(Set.of("service", "route", "kind", "result"), m.labels());
        assertEquals(Map.of("service", "wallet", "result", "$result"), m.equals());
        assertEquals(new PromQl.Selector("n", Set.of(), Map.of()), selectors.get(1));
    }

    @Test
    void givenABrokenSelector_whenRead_thenItFailsNamingTheExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PromQl.metrics("rate(m_total{service=}[1m])"));
        assertEquals(true, e.getMessage().contains("m_total{service=}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PromQl.metrics("m_total{service=\"x\""));
    }
}
