package casino.wallet.api;

import casino.common.http.ApiException;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.WalletEvent;
import casino.wallet.ledger.LedgerTracing;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a command and waits for its committed outcome (read-your-writes), and turns a refused
 * outcome into the HTTP error naming the field at fault. A replay of a committed command is answered
 * from the owner's store without sending it ({@link Replays}). A command not applied within the wait is a
 * 503 with Retry-After: retrying with the same fingerprint is safe.
 */
final class Submitter {
    private final OutcomeTracker tracker;
    private final Duration wait;
    private final Replays replays;

    Submitter(OutcomeTracker tracker, Duration wait, Replays replays) {
        this.tracker = tracker;
        this.wait = wait;
        this.replays = replays;
    }

    /**
     * The request fields the ledger's refusals point at, per route, and what the route calls a
     * request in a conflict's message ("request", "deposit").
     */
    record Fields(String id, String amount, String fingerprint, String transaction, String request) {
        Fields(String id, String amount, String fingerprint, String transaction) {
            this(id, amount, fingerprint, transaction, "request");
        }
    }

    /** The committed outcome of {@code untraced} for wallet (or external id) {@code key}; not answered in time: 503 + Retry-After. */
    WalletEvent submit(CommandSender sender, String key, Command untraced) {
        return send(sender, key, untraced).orElseThrow(() -> new ApiException(503,
                "the ledger did not answer within " + wait.toMillis() + " ms; the request may still be applied:"
                        + " retry it with the same fingerprint", null, Map.of("Retry-After", "1")));
    }

    /**
     * The one submit path of every write: a committed replay is answered like a read ({@link Replays}); else the
     * command is sent (traced) and its committed outcome awaited. Empty when the ledger did not answer within
     * the wait, once Kafka has confirmed it holds the command (else that failure is thrown: a 503).
     */
    Optional<WalletEvent> send(CommandSender sender, String key, Command untraced) {
        Optional<WalletEvent> replayed = replays.answer(key, untraced); // a committed replay: answered like a read
        if (replayed.isPresent()) return replayed;
        LedgerTracing.Sending trace = LedgerTracing.send(untraced); // trace: a send span, the command names it
        Command command = trace.command();
        CompletableFuture<WalletEvent> outcome = tracker.expect(command.getRequestId());
        CompletableFuture<Void> acknowledged = trace.acknowledged(sender.send(key, command, outcome));
        Optional<WalletEvent> event = trace.answered(tracker.await(command, outcome, wait));
        if (event.isPresent()) return event;
        CommandSender.confirm(acknowledged); // not answered in time: the caller's 503 or 202 says Kafka has the command
        return Optional.empty();
    }

    /** The applied outcome, or the refusal as an ApiException. */
    static WalletEvent applied(WalletEvent event, Fields fields) {
        if (event.getOutcome() == Outcome.APPLIED) return event;
        throw refusal(event, fields);
    }

    /** The one table of refusals: each code of the ledger is one HTTP status and one field. */
    static ApiException refusal(WalletEvent event, Fields fields) {
        return switch (event.getCode()) {
            case INSUFFICIENT_FUNDS -> new ApiException(422, "insufficient funds", fields.amount());
            case WALLET_NOT_FOUND -> new ApiException(404, "wallet " + event.getWalletId() + " not found", fields.id());
            case WALLET_EXISTS -> new ApiException(409, "wallet already exists", fields.id());
            case EXTERNAL_ID_TAKEN -> new ApiException(409, "wallet already exists", "externalId");
            case TRANSACTION_NOT_FOUND -> new ApiException(404, event.getReason(), fields.transaction());
            case VOID_OF_VOID -> new ApiException(422, event.getReason(), fields.transaction());
            case ALREADY_VOIDED -> new ApiException(422, event.getReason(), fields.transaction());
            case INVALID_AMOUNT -> new ApiException(400, event.getReason(), fields.amount());
            case CURRENCY_MISMATCH -> new ApiException(422, event.getReason(), fields.amount());
            case UNKNOWN_CURRENCY -> new ApiException(400, event.getReason(), "currency");
            case NO_RATE -> new ApiException(422, event.getReason(), "currency");
            case SAME_WALLET -> new ApiException(400, event.getReason(), "to");
            case HOLD_NOT_FOUND -> new ApiException(404, event.getReason(), "hold");
            case HOLD_CLOSED -> new ApiException(422, event.getReason(), "hold");
            case EXCEEDS_HOLD -> new ApiException(422, event.getReason(), fields.amount());
            case OVERFLOW -> new ApiException(422, event.getReason(), fields.amount());
            case FINGERPRINT_CONFLICT -> new ApiException(409,
                    fields.fingerprint() + " already used for a different " + fields.request(), fields.fingerprint());
            case NOT_A_LEDGER_COMMAND, REJECTION_CODE_UNSPECIFIED, UNRECOGNIZED ->
                    new ApiException(500, "the ledger refused the command: " + event.getReason(), null);
        };
    }
}
