package casino.wallet.api;

import casino.common.http.ApiException;
import casino.wallet.ledger.Ledger;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a command and waits for its committed outcome (read-your-writes), and turns a refused
 * outcome into the HTTP error naming the field at fault. A command not applied within the wait is a
 * 503 with Retry-After: retrying with the same fingerprint is safe.
 */
final class Submitter {
    private final OutcomeTracker tracker;
    private final Duration wait;

    Submitter(OutcomeTracker tracker, Duration wait) {
        this.tracker = tracker;
        this.wait = wait;
    }

    /** The request fields the ledger's refusals point at, per route. */
    record Fields(String id, String amount, String fingerprint, String transaction) {}

    WalletEvent submit(CommandSender sender, String key, Command command) {
        CompletableFuture<WalletEvent> outcome = tracker.expect(command.getRequestId());
        CompletableFuture<Void> acknowledged = sender.send(key, command, outcome);
        Optional<WalletEvent> event = OutcomeTracker.await(outcome, wait);
        if (event.isPresent()) return event.get();
        CommandSender.confirm(acknowledged); // not answered in time: a 503 that says whether Kafka has the command
        throw new ApiException(503,
                "the ledger did not answer within " + wait.toMillis() + " ms; the request may still be applied:"
                        + " retry it with the same fingerprint", null, Map.of("Retry-After", "1"));
    }

    /** The applied outcome, or the refusal as an ApiException. */
    static WalletEvent applied(WalletEvent event, Fields fields) {
        if (event.getOutcome() == Outcome.APPLIED) return event;
        if (event.getOutcome() == Outcome.CONFLICT) {
            throw new ApiException(409, fields.fingerprint() + " already used for a different request", fields.fingerprint());
        }
        throw switch (event.getCode()) {
            case Ledger.Code.INSUFFICIENT_FUNDS -> new ApiException(422, "insufficient funds", fields.amount());
            case Ledger.Code.WALLET_NOT_FOUND -> new ApiException(404, "wallet " + event.getWalletId() + " not found", fields.id());
            case Ledger.Code.WALLET_EXISTS -> new ApiException(409, "wallet already exists", fields.id());
            case Ledger.Code.EXTERNAL_ID_TAKEN -> new ApiException(409, "wallet already exists", "externalId");
            case Ledger.Code.TRANSACTION_NOT_FOUND -> new ApiException(404, event.getReason(), fields.transaction());
            case Ledger.Code.VOID_OF_VOID -> new ApiException(422, event.getReason(), fields.transaction());
            case Ledger.Code.INVALID_AMOUNT -> new ApiException(400, event.getReason(), fields.amount());
            default -> new ApiException(422, event.getReason(), fields.amount());
        };
    }
}
