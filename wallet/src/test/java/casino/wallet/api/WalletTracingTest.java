package casino.wallet.api;

import casino.infra.TopicReader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import casino.infra.TestInfra;
import casino.wallet.RunningWallet;
import casino.wallet.WalletClient.Response;
import casino.wallet.WalletSettings;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One request's trace on the real broker with an in-memory exporter: the HTTP server span, the
 * command's send span, the ledger's span and the wait for the outcome under one trace id, and every
 * wallet.events record of the command naming the ledger span in its traceparent header.
 */
class WalletTracingTest {
    @RegisterExtension
    static final RunningWallet server = new RunningWallet("tracing");
    static final InMemorySpanExporter spans = InMemorySpanExporter.create();

    @BeforeAll
    static void traced() {
        Tracing.install(Tracing.forTests("wallet", spans));
    }

    @AfterAll
    static void reset() {
        Tracing.reset();
    }

    /** The first ended span that matches, waiting for it (the ledger's and the edge's end on other threads). */
    static SpanData span(String what, Predicate<SpanData> match) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            Optional<SpanData> found = spans.getFinishedSpanItems().stream().filter(match).findFirst();
            if (found.isPresent()) return found.get();
            try {
                Thread.sleep(10); // polling the exporter until the deadline
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no " + what + " span in " + spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }

    static SpanData span(String name, String traceId) {
        return span(name, s -> s.getName().equals(name) && s.getTraceId().equals(traceId));
    }

    /** Checks the command's spans under {@code http} and its wallet.events records; returns the ledger span. */
    static SpanData assertOneTrace(SpanData http, String ledgerSpan, String wallet) {
        String trace = http.getTraceId();
        SpanData send = span("wallet.commands send", trace);
        SpanData ledger = span(ledgerSpan, trace);
        SpanData outcome = span("await outcome", trace);
        assertEquals(http.getSpanId(), send.getParentSpanId(), "the command is sent under the request");
        assertEquals(SpanKind.PRODUCER, send.getKind());
        assertEquals(send.getSpanId(), ledger.getParentSpanId(), "the ledger applies it under its send span");
        assertEquals(http.getSpanId(), outcome.getParentSpanId(), "the request waits for the outcome");
        assertEquals("APPLIED", outcome.getAttributes().asMap().entrySet().stream()
                .filter(e -> e.getKey().getKey().equals("wallet.outcome")).findFirst().orElseThrow().getValue());
        List<ConsumerRecord<String, byte[]>> records = walletEvents(wallet);
        assertFalse(records.isEmpty());
        for (var r : records) {
            String traceparent = new String(r.headers().lastHeader(TraceHeaders.TRACEPARENT).value(), StandardCharsets.UTF_8);
            assertEquals("00-" + trace + "-" + ledger.getSpanId(), traceparent.substring(0, 52), "wallet.events names the ledger span");
        }
        return ledger;
    }

    @Test
    void givenADeposit_whenAnswered_thenHttpSendLedgerAndOutcomeSpansShareOneTrace_andItsEventsCarryIt() {
        Response r = server.client().deposit("traced001", "10", null);
        assertEquals(200, r.status(), r.toString());

        SpanData http = span("POST /deposit", s -> s.getName().equals("POST /deposit"));
        assertEquals(SpanKind.SERVER, http.getKind());
        assertFalse(http.getParentSpanContext().isValid(), "no traceparent came in: a new trace");
        assertOneTrace(http, "ledger deposit", "traced001");
    }

    @Test
    void givenACallerTraceparent_whenAWalletIsCreated_thenTheWholeCommandIsInTheCallersTrace() throws Exception {
        String caller = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.service().port() + "/wallets"))
                .header("Content-Type", "application/json").header("traceparent", "00-" + caller + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"traced002\"}")).build();

        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(201, r.statusCode(), r.body());
        SpanData http = span("POST /wallets", caller);
        assertEquals("00f067aa0ba902b7", http.getParentSpanId());
        assertOneTrace(http, "ledger create_wallet", "traced002");
    }

    /** Every committed wallet.events record of {@code wallet}. */
    static List<ConsumerRecord<String, byte[]>> walletEvents(String wallet) {
        String topic = server.env().get(WalletSettings.WALLET_TOPIC_PREFIX) + "wallet.events";
        return TopicReader.toEnd(TestInfra.kafka().bootstrapServers(), topic, Duration.ofSeconds(30)).stream()
                .filter(r -> wallet.equals(r.key())).toList();
    }
}
