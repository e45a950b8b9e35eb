package casino.wallet.feed;

import casino.common.event.CasinoEvent;
import casino.common.event.EventReader;
import casino.common.event.EventType;
import casino.common.event.IgnoredFields;
import casino.common.event.InvalidEventException;
import casino.common.kafka.DeadLetter;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.wallet.ledger.LedgerTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns casino events (raw JSON bytes, read leniently by {@link EventReader}: fields a type does not use are
 * dropped and counted in {@code casino_events_fields_ignored_total{type,field}}) into wallet commands keyed by
 * wallet id, in the order of the player's partition; every event's id and content digest also go to
 * wallet.casino-ids, where {@link CasinoIdsProcessor} counts ids that come back with other content. An event
 * that cannot be read or breaks the contract goes to the dead-letter topic with the reason, and the feed goes
 * on. A deposit of 0 is skipped ({@code wallet_feed_zero_deposits_total}).
 */
public final class CasinoFeedProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final String commandsSink;
    private final String idsSink;
    private final String deadLetterSink;
    private final IgnoredFields ignored;
    private final Counter zeroDeposits;
    private ProcessorContext<byte[], byte[]> context;

    public CasinoFeedProcessor(String commandsSink, String idsSink, String deadLetterSink, MeterRegistry meters) {
        this.commandsSink = commandsSink;
        this.idsSink = idsSink;
        this.deadLetterSink = deadLetterSink;
        this.ignored = IgnoredFields.counter(meters);
        this.zeroDeposits = Counter.builder("wallet.feed.zero.deposits")
                .description("casino deposits of 0 the feed skipped (they move no money)").register(meters);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        CasinoEvent event;
        String digest;
        Optional<Command> command;
        try {
            event = EventReader.read(record.value(), ignored);
            digest = event.contentDigest(); // once per event: the command's fingerprint and wallet.casino-ids
            command = CasinoFeed.toCommand(event, digest);
        } catch (InvalidEventException e) {
            deadLetter(record, (e.field() == null ? "unreadable casino event: " : "") + e.getMessage()
                    + (e.field() == null ? "" : " (field " + e.field() + ")"), e.field());
            return;
        }
        context.forward(new Record<>(Long.toString(event.id()).getBytes(StandardCharsets.UTF_8),
                digest.getBytes(StandardCharsets.UTF_8), record.timestamp()), idsSink);
        if (command.isEmpty() && event.type() == EventType.DEPOSIT) zeroDeposits.increment();
        command.map(c -> LedgerTracing.feed(c, record.headers())).ifPresent(c -> { // trace: the event's, in the command
            String wallet = c.hasDeposit() ? c.getDeposit().getWalletId() : c.getCasinoBet().getWalletId();
            context.forward(LedgerTracing.traced(new Record<>(wallet.getBytes(StandardCharsets.UTF_8), c.toByteArray(),
                    record.timestamp()), c), commandsSink);
        });
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(WalletTopics.SERVICE, record, context.recordMetadata(), reason, field), deadLetterSink);
    }
}
