package casino.wallet.ledger;

import casino.contract.wallet.proto.OutcomeBatch;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.topics.WalletTopics;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * wallet.events records: key = wallet id, header event-type = "Outcome", "Outcomes" or the external event's
 * name. An outcome carries its request id in header request-id and its command's fingerprint in header
 * fingerprint; the outcomes of a command batch travel as one "Outcomes" record ({@link OutcomeBatch}).
 */
public final class EventRecords {
    private static final byte[] OUTCOME = WalletTopics.OUTCOME_EVENT_TYPE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] OUTCOMES = WalletTopics.OUTCOMES_EVENT_TYPE.getBytes(StandardCharsets.UTF_8);

    private EventRecords() {}

    /** One outcome as it is read: the event's bytes, request id, fingerprint and wallet id. */
    public record Answer(byte[] value, String requestId, String fingerprint, String walletId) {}

    public static Record<byte[], byte[]> of(String walletId, WalletEvent event, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WalletTopics.EVENT_TYPE_HEADER, type(event).getBytes(StandardCharsets.UTF_8));
        if (!event.getRequestId().isEmpty()) {
            headers.add(WalletTopics.REQUEST_ID_HEADER, event.getRequestId().getBytes(StandardCharsets.UTF_8));
            if (!event.getFingerprint().isEmpty()) {
                headers.add(WalletTopics.FINGERPRINT_HEADER, event.getFingerprint().getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Record<>(walletId.getBytes(StandardCharsets.UTF_8), event.toByteArray(), timestamp, headers);
    }

    /** One "Outcomes" record for the outcomes of a batch's items, in order, keyed like the batch. */
    public static Record<byte[], byte[]> outcomes(byte[] key, List<WalletEvent> outcomes, long timestamp) {
        OutcomeBatch.Builder batch = OutcomeBatch.newBuilder();
        for (WalletEvent e : outcomes) {
            batch.addOutcomes(e.toByteString()).addRequestIds(e.getRequestId()).addFingerprints(e.getFingerprint())
                    .addWalletIds(e.getWalletId());
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(WalletTopics.EVENT_TYPE_HEADER, OUTCOMES);
        return new Record<>(key, batch.build().toByteArray(), timestamp, headers);
    }

    /**
     * The outcomes a wallet.events record carries: one for an "Outcome" (with a request id), each item of an
     * "Outcomes", none for an external event or a record that cannot be read.
     */
    public static List<Answer> answers(String key, Headers headers, byte[] value) {
        Header type = headers.lastHeader(WalletTopics.EVENT_TYPE_HEADER);
        if (type == null || value == null) return List.of();
        if (Arrays.equals(type.value(), OUTCOME)) {
            Header requestId = headers.lastHeader(WalletTopics.REQUEST_ID_HEADER);
            if (requestId == null) return List.of();
            Header fingerprint = headers.lastHeader(WalletTopics.FINGERPRINT_HEADER);
            return List.of(new Answer(value, new String(requestId.value(), StandardCharsets.UTF_8),
                    fingerprint == null ? "" : new String(fingerprint.value(), StandardCharsets.UTF_8), key));
        }
        if (!Arrays.equals(type.value(), OUTCOMES)) return List.of();
        OutcomeBatch batch;
        try {
            batch = OutcomeBatch.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            return List.of();
        }
        int n = batch.getOutcomesCount();
        if (batch.getRequestIdsCount() != n || batch.getFingerprintsCount() != n || batch.getWalletIdsCount() != n) return List.of();
        List<Answer> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ByteString outcome = batch.getOutcomes(i);
            answers.add(new Answer(outcome.toByteArray(), batch.getRequestIds(i), batch.getFingerprints(i), batch.getWalletIds(i)));
        }
        return answers;
    }

    static String type(WalletEvent event) {
        return switch (event.getExternalCase()) {
            case WALLET_CREATED -> "WalletCreated";
            case TRANSACTION_CREATED -> "TransactionCreated";
            case BALANCE_CHANGED -> "BalanceChanged";
            case TRANSACTION_VOIDED -> "TransactionVoided";
            case EXTERNAL_NOT_SET -> WalletTopics.OUTCOME_EVENT_TYPE;
        };
    }
}
