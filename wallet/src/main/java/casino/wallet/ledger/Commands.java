package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;

/** Facts about a command that depend on its body, as its {@link Handler} states them (the one table: {@link Handlers}). */
public final class Commands {
    private Commands() {}

    /** The request id of the settle of the transfer sent as request {@code requestId}: its HTTP answer waits for it. */
    public static String settleRequest(String requestId) {
        return requestId + "/settle";
    }

    /** The command's name on {@code WalletEvent.command}. */
    public static String kind(Command command) {
        return Handlers.of(command).name();
    }

    /** The command's event time (0 when it has none). */
    static long createdAt(Command command) {
        return Handlers.of(command).createdAt(command);
    }

    /** The wallet id in a ledger command's body (may be empty), or null for a body the ledger does not take. */
    public static String walletId(Command command) {
        return Handlers.of(command).walletId(command);
    }

    /**
     * Whether the HTTP edge may answer a committed replay of the command from its fingerprint record alone
     * (a transfer's replay shows its saga's state; a create's fingerprint is per request).
     */
    public static boolean replayAtEdge(Command command) {
        return Handlers.of(command).replayAtEdge();
    }

    /** The transfer whose record the command's state must hold, "" for none. */
    static String transferId(Command command) {
        return Handlers.of(command).transferId(command);
    }

    /** The decimal amount text of the command ("" for none), checked before it is decided. */
    static String amountText(Command command) {
        return Handlers.of(command).amountText(command);
    }
}
