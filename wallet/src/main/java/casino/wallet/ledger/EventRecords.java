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
     * "Outcomes" (with a request id), none for an external event or a record that cannot be read (never throws
     * on a record another writer made: a header without a value is a missing header).
     */
    public static List<Answer> answers(String key, Headers headers, byte[] value) {
        Header type = headers.lastHeader(WalletTopics.EVENT_TYPE_HEADER);
        if (type == null || value == null) return List.of();
        if (Arrays.equals(type.value(), OUTCOME)) {
            String requestId = text(headers.lastHeader(WalletTopics.REQUEST_ID_HEADER));
            if (requestId.isEmpty()) return List.of(); // a header without a value names no request
            return List.of(new Answer(value, requestId, text(headers.lastHeader(WalletTopics.FINGERPRINT_HEADER)), key));
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
            if (batch.getRequestIds(i).isEmpty()) continue;
            answers.add(new Answer(outcome.toByteArray(), batch.getRequestIds(i), batch.getFingerprints(i), batch.getWalletIds(i)));
        }
        return answers;
    }

    /** A header's value as UTF-8, "" when the header or its value is missing. */
    private static String text(Header header) {
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Whether a wallet.events record claims to answer requests (header event-type "Outcome" or "Outcomes"). */
    public static boolean isOutcome(Headers headers) {
        Header type = headers.lastHeader(WalletTopics.EVENT_TYPE_HEADER);
        return type != null && (Arrays.equals(type.value(), OUTCOME) || Arrays.equals(type.value(), OUTCOMES));
    }

    static String type(WalletEvent event) {
        return switch (event.getExternalCase()) {
            case WALLET_CREATED -> "WalletCreated";
            case TRANSACTION_CREATED -> "TransactionCreated";
            case BALANCE_CHANGED -> "BalanceChanged";
            case TRANSACTION_VOIDED -> "TransactionVoided";
            case HOLD_PLACED -> "HoldPlaced";
            case HOLD_CAPTURED -> "HoldCaptured";
            case HOLD_RELEASED -> "HoldReleased";
            case EXTERNAL_NOT_SET -> WalletTopics.OUTCOME_EVENT_TYPE;
        };
    }
}
