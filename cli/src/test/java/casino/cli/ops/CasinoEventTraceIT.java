package casino.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.tracing.Tracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * #15's second trace: one generated casino event is one trace across the generator (publish), the
 * enricher (enrich), the wallet's casino feed and its ledger, each span the child of the one before,
 * with every service running in this JVM and one in-memory exporter for all.
 */
class CasinoEventTraceIT {
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @BeforeEach
    void recordEverySpan() {
        Tracing.install(Tracing.forTests("casino", spans));
    }

    @AfterEach
    void stopRecording() {
        Tracing.reset();
    }

    @Test
    void givenTheGeneratorPublishing_whenAnEventReachesTheLedger_thenOneTraceLinksEveryStep() throws Exception {
        try (RunningSuite suite = RunningSuite.start(30)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            Optional<List<SpanData>> chain = Optional.empty();
            while (chain.isEmpty() && System.nanoTime() < deadline) {
                chain = completeChain();
                if (chain.isEmpty()) Thread.sleep(200); // poll the exporter with a deadline
            }
            List<SpanData> steps = chain.orElseThrow(() -> new AssertionError(
                    "no trace with publish -> enrich -> casino feed -> ledger within 120 s; span names seen: "
                            + spans.getFinishedSpanItems().stream().map(SpanData::getName).distinct().toList()));
            for (int i = 1; i < steps.size(); i++) {
                assertEquals(steps.get(i - 1).getSpanId(), steps.get(i).getParentSpanId(),
                        steps.get(i).getName() + " is the child of " + steps.get(i - 1).getName());
            }
        }
    }

    /** publish, enrich, casino feed and a ledger span of one trace, when some trace has all four. */
    private Optional<List<SpanData>> completeChain() {
        Map<String, List<SpanData>> byTrace = spans.getFinishedSpanItems().stream()
                .collect(Collectors.groupingBy(SpanData::getTraceId));
        for (List<SpanData> trace : byTrace.values()) {
            Optional<SpanData> publish = named(trace, "casino.events publish");
            Optional<SpanData> enrich = named(trace, "enrich");
            Optional<SpanData> feed = named(trace, "casino feed");
            Optional<SpanData> ledger = trace.stream().filter(s -> s.getName().startsWith("ledger ")).findFirst();
            if (publish.isPresent() && enrich.isPresent() && feed.isPresent() && ledger.isPresent()) {
                return Optional.of(List.of(publish.get(), enrich.get(), feed.get(), ledger.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<SpanData> named(List<SpanData> trace, String name) {
        return trace.stream().filter(s -> s.getName().equals(name)).findFirst();
    }
}
