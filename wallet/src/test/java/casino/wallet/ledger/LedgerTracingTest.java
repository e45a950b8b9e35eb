package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import casino.contract.wallet.proto.Command;
import casino.wallet.topics.WalletTopics;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's trace hooks on TopologyTestDriver: a span per command, child of the command's
 * traceparent field (else of its record's header), and every record written for the command (outcome,
 * external events, a transfer's next step) naming that span; the casino feed's commands carry the event's trace.
 */
class LedgerTracingTest {
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String FIELD_SPAN = "b7ad6b7169203331";
    static final String HEADER_TRACE = "11111111111111111111111111111111";
    final LedgerFixture given = new LedgerFixture();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    @TempDir
    Path stateDir;
    TopologyTestDriver driver;
    TestInputTopic<String, Command> commands;
    TestInputTopic<byte[], byte[]> casino;
    TestOutputTopic<byte[], byte[]> events;
    TestOutputTopic<byte[], byte[]> commandsOut;

    @BeforeEach
    void setUp() {
        Tracing.install(Tracing.forTests("wallet", spans));
        driver = LedgerFixture.driver(stateDir, "wallet-tracing-test");
        commands = driver.createInputTopic(LedgerFixture.TOPICS.commands().name(), Serdes.String().serializer(),
                WalletTopics.COMMAND_SERDE.serializer());
        casino = driver.createInputTopic(LedgerFixture.TOPICS.casinoFeed().name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(LedgerFixture.TOPICS.events().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
        commandsOut = driver.createOutputTopic(LedgerFixture.TOPICS.commands().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
        Tracing.reset();
    }

    static String traceparent(String trace, String span) {
        return "00-" + trace + "-" + span + "-01";
    }

    static Headers headers(String traceparent) {
        return new RecordHeaders().add(TraceHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
    }

    void send(Command command, Headers headers) {
        commands.pipeInput(new TestRecord<>(Commands.walletId(command), command, headers, (Instant) null));
    }

    /** The traceparent of a record without its flags ("00-trace-span"), null when it has none. */
    static String named(Headers headers) {
        var h = headers.lastHeader(TraceHeaders.TRACEPARENT);
        if (h == null) return null;
        String t = new String(h.value(), StandardCharsets.UTF_8);
        return t.substring(0, t.lastIndexOf('-'));
    }

    static String named(SpanData span) {
        return "00-" + span.getTraceId() + "-" + span.getSpanId();
    }

    List<SpanData> spansNamed(String name) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void givenCommandWithTraceparentField_whenApplied_thenLedgerSpanIsItsChildAndEveryEventNamesIt() {
        send(given.create("w", "EUR"), new RecordHeaders());
        events.readRecordsToList();
        spans.reset();

        send(given.post("w", "5.00", "", "p1").toBuilder().setTraceparent(traceparent(TRACE, FIELD_SPAN)).build(),
                headers(traceparent(HEADER_TRACE, FIELD_SPAN)));

        SpanData ledger = spansNamed("ledger post_transaction").get(0);
        assertEquals(TRACE, ledger.getTraceId(), "the field wins over the header");
        assertEquals(FIELD_SPAN, ledger.getParentSpanId());
        var out = events.readRecordsToList();
        assertTrue(out.size() >= 2, "the outcome and the external events: " + out.size());
        for (var r : out) assertEquals(named(ledger), named(r.headers()));
    }

    @Test
    void givenCommandWithOnlyAHeader_whenApplied_thenLedgerSpanIsTheHeadersChild() {
        send(given.create("w", "EUR"), headers(traceparent(HEADER_TRACE, FIELD_SPAN)));

        SpanData ledger = spansNamed("ledger create_wallet").get(0);
        assertEquals(HEADER_TRACE, ledger.getTraceId());
        assertEquals(FIELD_SPAN, ledger.getParentSpanId());
        for (var r : events.readRecordsToList()) assertEquals(named(ledger), named(r.headers()));
    }

    @Test
    void givenTransfer_whenItsStepsRun_thenEachStepIsTheChildOfTheOneBeforeInOneTrace() {
        send(given.create("a", "EUR"), new RecordHeaders());
        send(given.create("b", "EUR"), new RecordHeaders());
        send(given.post("a", "10.00", "", "fund"), new RecordHeaders());
        spans.reset();

        send(given.transfer("a", "b", "1.00", "", "t1").toBuilder().setTraceparent(traceparent(TRACE, FIELD_SPAN)).build(),
                new RecordHeaders());

        SpanData out = spansNamed("ledger transfer_out").get(0);
        SpanData in = spansNamed("ledger transfer_in").get(0);
        SpanData settle = spansNamed("ledger transfer_settle").get(0);
        assertEquals(List.of(TRACE, TRACE, TRACE), List.of(out.getTraceId(), in.getTraceId(), settle.getTraceId()));
        assertEquals(FIELD_SPAN, out.getParentSpanId());
        assertEquals(out.getSpanId(), in.getParentSpanId(), "the credit step's record named the debit's span");
        assertEquals(in.getSpanId(), settle.getParentSpanId());
    }

    @Test
    void givenTracedCasinoEvent_whenFed_thenItsCommandCarriesTheEventsTraceToTheLedger() {
        String event = "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":500,\"currency\":\"EUR\",\"amount_eur\":500,"
                + "\"created_at\":\"2026-01-10T12:00:00Z\"}";

        casino.pipeInput(new TestRecord<>(new org.apache.kafka.common.serialization.LongSerializer().serialize(null, 10L), event.getBytes(StandardCharsets.UTF_8),
                headers(traceparent(TRACE, FIELD_SPAN)), (Instant) null));

        SpanData feed = spansNamed("casino feed").get(0);
        assertEquals(TRACE, feed.getTraceId());
        assertEquals(FIELD_SPAN, feed.getParentSpanId(), "the feed span is the event's child");
        var command = commandsOut.readRecordsToList().get(0);
        assertEquals(named(feed), named(command.headers()), "the command record names the feed span");
        assertEquals(traceparent(TRACE, feed.getSpanId()).substring(0, 52), parse(command.value()).getTraceparent().substring(0, 52),
                "and so does the command itself");
        SpanData ledger = spansNamed("ledger deposit").get(0);
        assertEquals(feed.getSpanId(), ledger.getParentSpanId());
        var out = events.readRecordsToList();
        assertFalse(out.isEmpty());
        for (var r : out) assertEquals(named(ledger), named(r.headers()));
    }

    @Test
    void givenTakenExternalId_whenAnotherCreateClaimsIt_thenTheRefusalNamesThatCreatesSender() {
        var claims = driver.createInputTopic(LedgerFixture.TOPICS.externalIds().name(), Serdes.String().serializer(),
                WalletTopics.COMMAND_SERDE.serializer());
        claims.pipeInput("ext-1", given.create("a", "ext-1", 0));
        events.readRecordsToList();

        claims.pipeInput("ext-1", given.create("b", "ext-1", 1).toBuilder().setTraceparent(traceparent(TRACE, FIELD_SPAN)).build());

        var refusal = events.readRecordsToList();
        assertEquals(1, refusal.size());
        assertEquals("00-" + TRACE + "-" + FIELD_SPAN, named(refusal.get(0).headers()));
    }

    static Command parse(byte[] value) {
        try {
            return Command.parseFrom(value);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
