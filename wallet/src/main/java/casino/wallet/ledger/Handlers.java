package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;

/**
 * The one table of command kinds: each case of the protobuf oneof {@code Command.body} to its handler.
 * The switch has no default, so a new kind in wallet.proto does not compile until it has a handler here.
 */
final class Handlers {
    private static final Handler NOT_A_LEDGER_COMMAND = new NotALedgerCommand("none");
    private static final Handler RELEASE = new NotALedgerCommand("release_external_id");

    private Handlers() {}

    static Handler of(Command command) {
        return of(command.getBodyCase());
    }

    static Handler of(Command.BodyCase kind) {
        return switch (kind) {
            case DEPOSIT -> Deposits.HANDLER;
            case CASINO_BET -> CasinoBets.HANDLER;
            case CREATE_WALLET -> Creates.HANDLER;
            case POST_TRANSACTION -> Posts.HANDLER;
            case VOID_TRANSACTION -> Voids.HANDLER;
            case TRANSFER_OUT -> Transfers.OUT;
            case TRANSFER_IN -> Transfers.IN;
            case TRANSFER_SETTLE -> Transfers.SETTLE;
            case TICK -> Ticks.HANDLER;
            case PLACE_HOLD -> Holds.PLACE;
            case CAPTURE_HOLD -> Holds.CAPTURE;
            case VOID_HOLD -> Holds.VOID;
            case EXPIRE_HOLD -> Holds.EXPIRE;
            case RELEASE_EXTERNAL_ID -> RELEASE;
            case BODY_NOT_SET -> NOT_A_LEDGER_COMMAND;
        };
    }
}
