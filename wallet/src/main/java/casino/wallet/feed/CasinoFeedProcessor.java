package casino.wallet.feed;

import casino.common.event.CasinoEvent;
import casino.common.event.InvalidEventException;
import casino.common.kafka.DeadLetter;
import casino.common.kafka.Topics;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.wallet.ledger.LedgerTracing;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns casino events (raw JSON bytes) into wallet commands keyed by wallet id; an event that cannot
 * be read or breaks the contract goes to the dead-letter topic with the reason, and the feed goes on.
 */
public final class CasinoFeedProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final String commandsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;

    public CasinoFeedProcessor(String commandsSink, String deadLetterSink) {
        this.commandsSink = commandsSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Optional<Command> command;
        try {
            CasinoEvent event = Topics.EVENT_SERDE.deserializer().deserialize("casino", record.value());
            if (event == null) throw new InvalidEventException("value", "empty value");
            command = CasinoFeed.toCommand(event);
        } catch (SerializationException e) {
            deadLetter(record, "unreadable casino event: " + e.getMessage(), null);
            return;
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage() + " (field " + e.field() + ")", e.field());
            return;
        }
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
