package casino.wallet.ledger;

import casino.wallet.topics.WalletTopics;
import casino.contract.wallet.proto.WalletEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A wallet.events record: key = wallet id, header event-type = "Outcome" or the external event's
 * name, and an outcome's request id in header request-id and its command's fingerprint in header fingerprint.
 */
public final class EventRecords {

    private EventRecords() {}

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
