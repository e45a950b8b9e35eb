package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.WalletEvent;

/** A body the ledger does not decide (a release of an external id, which only wallet.external-ids takes; no body): refused. */
record NotALedgerCommand(String name) implements Handler {
    @Override
    public String walletId(Command command) {
        return null;
    }

    @Override
    public long createdAt(Command command) {
        return 0;
    }

    @Override
    public String digest(Command command) {
        return command.hasReleaseExternalId() ? "release" : "none";
    }

    @Override
    public boolean replayAtEdge() {
        return false;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        return rulings.reject(state, event, RejectionCode.NOT_A_LEDGER_COMMAND, "not a ledger command");
    }
}
