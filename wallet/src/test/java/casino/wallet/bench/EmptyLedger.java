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
import casino.wallet.ledger.Commands;
import casino.wallet.ledger.EventRecords;
import casino.wallet.ledger.Fingerprint;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CommandBatch;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.TransferIn;
import casino.contract.wallet.proto.TransferOut;
import casino.contract.wallet.proto.TransferSettle;
import casino.contract.wallet.proto.WalletEvent;
import casino.common.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * A floor for the benchmark, not a design: {@code POST /deposit} and {@code POST /transfers} through the wallet's own
 * parts (HTTP stack, command producer with edge batching, the ledger's Streams settings with exactly_once_v2, outcome
 * tracker), but the ledger answers each command at once: no state stores, changelogs or external events, and the
 * balance it answers is just the amount. A transfer takes the saga's three steps (out on the source, in on the
 * target, settle on the source), each a command written in the step before's transaction, and is answered after
 * the settle, as the wallet's is. What any ledger of this design costs at least on this machine.
 */
final class EmptyLedger implements AutoCloseable {
    private static final String EVENTS = "events";
    private static final String STEPS = "steps";
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
        topology.addSink(EVENTS, topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer(), "answer");
        topology.addSink(STEPS, topics.commands().name(), new ByteArraySerializer(), new ByteArraySerializer(), "answer");
        http = HttpServer.start("empty-ledger", 0, List.of(), null, app -> app.post("/deposit", ctx -> {
            DepositForm form = DepositForm.parse(ctx.body());
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<WalletEvent> outcome = tracker.expect(requestId);
            sender.send(form.walletId(), form.command(requestId, WalletSettings.CURRENCY, System.currentTimeMillis()), outcome);
            ctx.json(WalletView.of(OutcomeTracker.await(outcome, settings.depositWait()).orElseThrow()));
        }).post("/transfers", ctx -> {
            JsonNode body = Json.MAPPER.readTree(ctx.body());
            String from = body.path("from").asText();
            String requestId = UUID.randomUUID().toString();
            CompletableFuture<WalletEvent> debited = tracker.expect(requestId);
            CompletableFuture<WalletEvent> settled = tracker.expect(Commands.settleRequest(requestId));
            Command out = Command.newBuilder().setRequestId(requestId).setFingerprint(body.path("fingerprint").asText())
                    .setTransferOut(TransferOut.newBuilder().setTransferId(from + ":" + UUID.randomUUID()).setFromWalletId(from)
                            .setToWalletId(body.path("to").asText()).setAmount(body.path("amount").asText())
                            .setCreatedAtMs(System.currentTimeMillis()))
                    .build();
            sender.send(from, out, debited);
            OutcomeTracker.await(debited, settings.depositWait()).orElseThrow();
            OutcomeTracker.await(settled, settings.depositWait()).orElseThrow();
            ctx.status(201).json(Map.of("id", out.getTransferOut().getTransferId(), "status", "completed"));
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
            List<WalletEvent> outcomes = new ArrayList<>();
            try {
                if (record.headers().lastHeader(WalletTopics.COMMAND_BATCH_HEADER) == null) {
                    step(Command.parseFrom(record.value()), record.timestamp(), outcomes);
                    for (WalletEvent e : outcomes) context.forward(EventRecords.of(e.getWalletId(), e, record.timestamp()), EVENTS);
                } else {
                    for (Command c : CommandBatch.parseFrom(record.value()).getCommandsList()) step(c, record.timestamp(), outcomes);
                    // one record for the batch's outcomes, as the ledger does
                    if (!outcomes.isEmpty()) context.forward(EventRecords.outcomes(record.key(), outcomes, record.timestamp()), EVENTS);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Answers a deposit or a transfer's debit and settle; writes a transfer's next step (credit, then settle). */
        private void step(Command command, long timestamp, List<WalletEvent> outcomes) {
            switch (command.getBodyCase()) {
                case TRANSFER_OUT -> {
                    TransferOut out = command.getTransferOut();
                    outcomes.add(applied(command, out.getFromWalletId()));
                    next(out.getToWalletId(), Command.newBuilder().setRequestId(command.getRequestId())
                            .setFingerprint(Fingerprint.TRANSFER_PREFIX + out.getTransferId())
                            .setTransferIn(TransferIn.newBuilder().setTransferId(out.getTransferId()).setFromWalletId(out.getFromWalletId())
                                    .setToWalletId(out.getToWalletId()).setAmount(out.getAmount())).build(), timestamp);
                }
                case TRANSFER_IN -> next(command.getTransferIn().getFromWalletId(), Command.newBuilder()
                        .setRequestId(Commands.settleRequest(command.getRequestId()))
                        .setFingerprint(Fingerprint.TRANSFER_PREFIX + command.getTransferIn().getTransferId() + ":settle")
                        .setTransferSettle(TransferSettle.newBuilder().setTransferId(command.getTransferIn().getTransferId())
                                .setFromWalletId(command.getTransferIn().getFromWalletId()).setCompleted(true)).build(), timestamp);
                case TRANSFER_SETTLE -> outcomes.add(applied(command, command.getTransferSettle().getFromWalletId()));
                default -> outcomes.add(applied(command, command.getDeposit().getWalletId()).toBuilder()
                        .setBalance(command.getDeposit().getAmount()).build());
            }
        }

        private void next(String walletId, Command command, long timestamp) {
            context.forward(new Record<>(walletId.getBytes(StandardCharsets.UTF_8), command.toByteArray(), timestamp), STEPS);
        }

        private static WalletEvent applied(Command command, String walletId) {
            return WalletEvent.newBuilder().setRequestId(command.getRequestId()).setFingerprint(command.getFingerprint())
                    .setWalletId(walletId).setOutcome(Outcome.APPLIED).build();
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
