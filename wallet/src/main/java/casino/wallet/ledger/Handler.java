package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.WalletEvent;

/**
 * How the ledger handles one kind of command: its facts (name, wallet, time, what a replay must match)
 * and its decision. One implementation per kind, registered in the one table {@link Handlers#of}, whose
 * exhaustive switch over the protobuf oneof makes a kind without a handler a compile error.
 */
interface Handler {
    /** The command's name on {@code WalletEvent.command}. */
    String name();

    /** The wallet id in the command's body (may be empty), or null for a body the ledger does not take. */
    String walletId(Command command);

    /** The command's event time (0 when it has none). */
    long createdAt(Command command);

    /** What a replay under the same fingerprint must match: the command without its time and request id. */
    String digest(Command command);

    /** The decision on {@code command} for {@code state}; {@code event} is the outcome so far (ids, kind, time). */
    Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings);

    /** Whether an applied command is kept under its fingerprint (a create's fingerprint is new per request: no). */
    default boolean remembersApplied() {
        return true;
    }

    /** Whether a refusal is kept under the fingerprint too: the command is decided once (casino bets, transfer credits). */
    default boolean decidedOnce() {
        return false;
    }

    /**
     * Whether the HTTP edge may answer a committed replay from the fingerprint record alone (see api.Replays):
     * no default, so every kind states it (a transfer's replay shows its saga's state; a create's fingerprint is
     * per request).
     */
    boolean replayAtEdge();

    /** The transfer the command's state must hold (a settle, a transfer's replay), "" for none. */
    default String transferId(Command command) {
        return "";
    }

    /** The hold whose record the command's state must hold, "" for none. */
    default String holdId(Command command) {
        return "";
    }

    /** A decimal amount text the ledger must find plain before deciding, "" for none. */
    default String amountText(Command command) {
        return "";
    }
}
