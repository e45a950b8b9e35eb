package casino.wallet.ledger;

import casino.common.tracing.TraceHeaders;
import casino.common.tracing.Tracing;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.WalletEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every trace hook of the wallet, so the command path stays readable: a command carries the W3C
 * traceparent of the span that sent it in {@code Command.traceparent} (per command, whatever record
 * carries it) and in the {@code traceparent} header of its record; the ledger's span per command is the
 * child of the field (else the header) and every record the ledger writes for the command names that
 * span. Edge: a "send" span (until the broker's acknowledgement) and an "await outcome" span under the
 * request's span; feed: a span per casino event turned into a command. The external-id claim step has
 * no span of its own: it forwards the command (field intact) and its refusals name the command's sender.
 */
public final class LedgerTracing {
    private LedgerTracing() {}

    // ---- the HTTP edge ----

    /** A command being sent: its span (child of the current one, the request's) and the command stamped with it. */
    public static final class Sending {
        private final Span span;
        private final Command command;
        private Span awaiting;

        private Sending(Span span, Command command) {
            this.span = span;
            this.command = command;
        }

        /** The command to send: it names the send span in {@code traceparent}. */
        public Command command() {
            return command;
        }

        /** Ends the send span when the broker answers, and starts waiting for the outcome; returns {@code ack}. */
        public <T> CompletableFuture<T> acknowledged(CompletableFuture<T> ack) {
            ack.whenComplete((ok, e) -> {
                if (e != null) span.setStatus(StatusCode.ERROR, e.getMessage());
                span.end();
            });
            awaiting = Tracing.tracer().spanBuilder("await outcome").setSpanKind(SpanKind.CONSUMER).startSpan();
            return ack;
        }

        /** Ends the wait for the outcome with what it brought (empty: none in time); returns {@code event}. */
        public Optional<WalletEvent> answered(Optional<WalletEvent> event) {
            if (awaiting == null) return event;
            if (event.isPresent()) {
                awaiting.setAttribute("wallet.outcome", event.get().getOutcome().name());
            } else {
                awaiting.setStatus(StatusCode.ERROR, "no outcome in time");
            }
            awaiting.end();
            return event;
        }
    }

    /** Starts sending {@code command}: a producer span under the current one, and the command stamped with it. */
    public static Sending send(Command command) {
        Span span = Tracing.tracer().spanBuilder("wallet.commands send").setSpanKind(SpanKind.PRODUCER)
                .setAttribute("wallet.command", kind(command)).setAttribute("wallet.request_id", command.getRequestId())
                .startSpan();
        return new Sending(span, stamp(command, span));
    }

    /** Writes the command's traceparent into a record's headers (the record that carries it). */
    public static Headers header(Headers headers, Command command) {
        Span sender = Span.fromContext(TraceHeaders.fromTraceparent(command.getTraceparent()));
        return sender.getSpanContext().isValid() ? TraceHeaders.inject(sender, headers) : headers;
    }

    // ---- the casino feed ----

    /** The command made of a casino event, stamped with a span under the event's trace (its record's headers). */
    public static Command feed(Command command, Headers eventHeaders) {
        Span span = Tracing.tracer().spanBuilder("casino feed").setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceHeaders.extract(eventHeaders)).setAttribute("wallet.command", kind(command)).startSpan();
        Command stamped = stamp(command, span);
        span.end();
        return stamped;
    }

    /** {@code record} (carrying {@code command}) with the command's traceparent header. */
    public static <K, V> Record<K, V> traced(Record<K, V> record, Command command) {
        header(record.headers(), command);
        return record;
    }

    // ---- the ledger ----

    /** The span of one command in the ledger: child of the command's traceparent, else of its record's header. */
    public static Span ledger(Command command, Headers headers) {
        Context parent = TraceHeaders.parent(command.getTraceparent(), headers);
        return Tracing.tracer().spanBuilder("ledger " + kind(command)).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute("wallet.request_id", command.getRequestId()).startSpan();
    }

    /** {@code record} (written by the ledger for a command) naming the command's ledger span. */
    public static <K, V> Record<K, V> traced(Record<K, V> record, Span span) {
        TraceHeaders.inject(span, record.headers());
        return record;
    }

    /** Ends the ledger span with the command's outcome. */
    public static void done(Span span, WalletEvent outcome) {
        span.setAttribute("wallet.outcome", outcome.getOutcome().name());
        if (!outcome.getCode().name().endsWith("UNSPECIFIED")) span.setAttribute("wallet.code", outcome.getCode().name());
        span.end();
    }

    private static Command stamp(Command command, Span span) {
        String traceparent = TraceHeaders.traceparent(span);
        return traceparent.isEmpty() ? command : command.toBuilder().setTraceparent(traceparent).build();
    }

    private static String kind(Command command) {
        return command.getBodyCase().name().toLowerCase(Locale.ROOT);
    }
}
