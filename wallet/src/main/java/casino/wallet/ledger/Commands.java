package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;

/** Facts about a command that depend on its body: one dispatch over the command kinds. */
public final class Commands {
    private Commands() {}

    /** The request id of the settle of the transfer sent as request {@code requestId}: its HTTP answer waits for it. */
    public static String settleRequest(String requestId) {
        return requestId + "/settle";
    }

    /** The command's name on {@code WalletEvent.command}. */
    public static String kind(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> "deposit";
            case CASINO_BET -> "casino_bet";
            case CREATE_WALLET -> "create_wallet";
            case POST_TRANSACTION -> "post_transaction";
            case VOID_TRANSACTION -> "void_transaction";
            case RELEASE_EXTERNAL_ID -> "release_external_id";
            case TRANSFER_OUT -> "transfer_out";
            case TRANSFER_IN -> "transfer_in";
            case TRANSFER_SETTLE -> "transfer_settle";
            case BODY_NOT_SET -> "none";
        };
    }

    /** The command's event time (0 when it has none). */
    static long createdAt(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getCreatedAtMs();
            case CASINO_BET -> command.getCasinoBet().getCreatedAtMs();
            case CREATE_WALLET -> command.getCreateWallet().getCreatedAtMs();
            case POST_TRANSACTION -> command.getPostTransaction().getCreatedAtMs();
            case VOID_TRANSACTION -> command.getVoidTransaction().getCreatedAtMs();
            case TRANSFER_OUT -> command.getTransferOut().getCreatedAtMs();
            case TRANSFER_IN -> command.getTransferIn().getCreatedAtMs();
            case TRANSFER_SETTLE -> command.getTransferSettle().getCreatedAtMs();
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> 0;
        };
    }

    /** The wallet id in a ledger command's body (may be empty), or null for a body the ledger does not take. */
    public static String walletId(Command command) {
        return switch (command.getBodyCase()) {
            case DEPOSIT -> command.getDeposit().getWalletId();
            case CASINO_BET -> command.getCasinoBet().getWalletId();
            case CREATE_WALLET -> command.getCreateWallet().getWalletId();
            case POST_TRANSACTION -> command.getPostTransaction().getWalletId();
            case VOID_TRANSACTION -> command.getVoidTransaction().getWalletId();
            case TRANSFER_OUT -> command.getTransferOut().getFromWalletId();
            case TRANSFER_IN -> command.getTransferIn().getToWalletId();
            case TRANSFER_SETTLE -> command.getTransferSettle().getFromWalletId();
            case RELEASE_EXTERNAL_ID, BODY_NOT_SET -> null;
        };
    }
}
