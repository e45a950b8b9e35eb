package casino.wallet.bench;

import casino.common.config.Config;
import casino.common.http.HttpServer;
import casino.common.kafka.StreamsService;
import casino.common.kafka.TopicAdmin;
import casino.wallet.WalletService;
import casino.wallet.WalletSettings;
import casino.wallet.topics.WalletTopics;
import casino.wallet.api.CommandSender;
import casino.wallet.api.DepositForm;
import casino.wallet.api.OutcomeTracker;
import casino.wallet.api.WalletView;
import casino.wallet.ledger.EventRecords;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A floor for the benchmark, not a design: {@code POST /deposit} through the wallet's own parts (HTTP
 * stack, command producer with edge batching, the ledger's Streams settings with exactly_once_v2, outcome tracker), but the
 * ledger answers each command with an outcome at once: no state stores, changelogs or external events,
 * and the balance it answers is just the amount. A deposit here costs what any ledger of this design
 * (a Kafka command applied by Streams and answered after its commit) costs at least on this machine.
 */
final class EmptyLedger implements AutoCloseable {
    private final OutcomeTracker tracker;
    private final CommandSender sender;
    private final StreamsService streams;
    private final HttpServer http;

    EmptyLedger(Config config) {
        WalletSettings settings = WalletSettings.from(config);
        WalletTopics topics = settings.topics();
        TopicAdmin.ensure(config, List.of(topics.commands(), topics.events()), Duration.ofSeconds(60));
        tracker = new OutcomeTracker(config, topics.events().name(), settings.requestRetention());
        sender = CommandSender.batching(config, topics.commands().name(), settings.batchMax());
        Topology topology = new Topology();
        topology.addSource("commands", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.commands().name());
        topology.addProcessor("answer", Answer::new, "commands");
        topology.addSink("events", topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer(), "answer");
        http = HttpServer.start("empty-ledger", 0, List.of(), null, app -> app.post("/deposit", ctx -> {
            DepositForm form = DepositForm.parse(ctx.body());
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<WalletEvent> outcome = tracker.expect(requestId);
            sender.send(form.walletId(), form.command(requestId, WalletSettings.CURRENCY, System.currentTimeMillis()), outcome);
            ctx.json(WalletView.of(OutcomeTracker.await(outcome, settings.depositWait()).orElseThrow()));
        }));
        streams = new StreamsService("empty-ledger", topology,
                WalletService.ledgerProperties(config, settings, new HostInfo("localhost", http.port())));
        streams.start(Duration.ofSeconds(120));
    }

    int port() {
        return http.port();
    }

    /** Answers a deposit command with its outcome record, as the ledger's would look to the tracker. */
    private static final class Answer implements Processor<byte[], byte[], byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            try {
                if (record.headers().lastHeader(WalletTopics.COMMAND_BATCH_HEADER) == null) {
                    answer(Command.parseFrom(record.value()), record.timestamp());
                } else {
                    for (Command c : CommandBatch.parseFrom(record.value()).getCommandsList()) answer(c, record.timestamp());
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        private void answer(Command command, long timestamp) {
            WalletEvent outcome = WalletEvent.newBuilder().setRequestId(command.getRequestId())
                    .setFingerprint(command.getFingerprint()).setWalletId(command.getDeposit().getWalletId())
                    .setOutcome(Outcome.APPLIED).setBalance(command.getDeposit().getAmount()).build();
            context.forward(EventRecords.of(outcome.getWalletId(), outcome, timestamp));
        }
    }

    @Override
    public void close() {
        http.close();
        sender.close();
        tracker.close();
        streams.close();
    }
}
