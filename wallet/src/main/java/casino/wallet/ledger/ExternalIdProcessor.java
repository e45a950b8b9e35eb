package casino.wallet.ledger;

import casino.common.kafka.DeadLetter;
import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.ExternalIdClaim;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The single writer of external ids: wallet.external-ids is keyed by external id, so every claim of
 * one external id is decided by one task, in order, whatever instance or partition the wallet lives
 * on. The first claim wins and its create command goes on to the wallet's partition of
 * wallet.commands in the same exactly-once transaction; a later claim for another wallet is answered
 * 409 at once, naming the wallet that holds it; the claiming create itself again (same digest: id if
 * given, currency, labels) is refused as a replay, so the HTTP layer answers a retry with that
 * wallet. The ledger releases a claim whose create failed because the wallet id exists. Known gap:
 * while a claim's create is in flight, a second claim for another wallet is refused even if the
 * first create then fails.
 */
public final class ExternalIdProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final String commandsSink;
    private final String eventsSink;
    private final String deadLetterSink;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, ExternalIdClaim> claims;

    public ExternalIdProcessor(String commandsSink, String eventsSink, String deadLetterSink) {
        this.commandsSink = commandsSink;
        this.eventsSink = eventsSink;
        this.deadLetterSink = deadLetterSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.claims = context.getStateStore(WalletTopics.EXTERNAL_IDS.name());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String externalId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        Command command;
        try {
            command = record.value() == null ? null : Command.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            command = null;
        }
        if (externalId == null || externalId.isEmpty() || command == null) {
            deadLetter(record, "not an external id claim", externalId == null || externalId.isEmpty() ? "key" : "value");
            return;
        }
        switch (command.getBodyCase()) {
            case CREATE_WALLET -> claim(record, externalId, command);
            case RELEASE_EXTERNAL_ID -> {
                String walletId = command.getReleaseExternalId().getWalletId();
                ExternalIdClaim claim = claims.get(externalId);
                if (externalId.equals(command.getReleaseExternalId().getExternalId()) && claim != null
                        && walletId.equals(claim.getWalletId())) {
                    claims.delete(externalId);
                }
            }
            default -> deadLetter(record, "not an external id claim", "body");
        }
    }

    private void claim(Record<byte[], byte[]> record, String externalId, Command command) {
        CreateWallet create = command.getCreateWallet();
        String walletId = create.getWalletId();
        if (!externalId.equals(create.getExternalId()) || !WalletId.isValid(walletId)) {
            deadLetter(record, "claim key does not match the create command", "external_id");
            return;
        }
        String digest = CommandDigest.ofCreate(create);
        ExternalIdClaim claim = claims.get(externalId);
        if (claim == null) {
            claims.put(externalId, ExternalIdClaim.newBuilder().setWalletId(walletId).setCreateDigest(digest).build());
        } else if (claim.getCreateDigest().equals(digest)) {
            refuse(record, command, claim.getWalletId(), true); // the claiming create again: a retry
            return;
        } else if (!claim.getWalletId().equals(walletId)) {
            refuse(record, command, claim.getWalletId(), false);
            return;
        }
        // the create goes to the wallet's own partition; the ledger decides whether the wallet id is free
        context.forward(new Record<>(walletId.getBytes(StandardCharsets.UTF_8), record.value(), record.timestamp()), commandsSink);
    }

    /** EXTERNAL_ID_TAKEN, naming the claim's owner; {@code retry}: the refused create is the one that claimed it. */
    private void refuse(Record<byte[], byte[]> record, Command command, String owner, boolean retry) {
        CreateWallet create = command.getCreateWallet();
        WalletEvent refused = WalletEvent.newBuilder()
                .setRequestId(command.getRequestId())
                .setFingerprint(command.getFingerprint())
                .setWalletId(create.getWalletId())
                .setCommand(Commands.kind(command))
                .setCreatedAtMs(create.getCreatedAtMs())
                .setOutcome(Outcome.REJECTED)
                .setCode(RejectionCode.EXTERNAL_ID_TAKEN)
                .setReason("wallet already exists")
                .setReplay(retry)
                .setWallet(WalletInfo.newBuilder().setId(owner).setExternalId(create.getExternalId()))
                .setBalance(Money.newBuilder().setMinor(0).setCurrency(create.getCurrency()))
                .build();
        context.forward(LedgerTracing.traced(EventRecords.of(create.getWalletId(), refused, record.timestamp()), command), eventsSink);
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, String field) {
        context.forward(DeadLetter.of(WalletTopics.SERVICE, record, context.recordMetadata(), reason, field), deadLetterSink);
    }
}
