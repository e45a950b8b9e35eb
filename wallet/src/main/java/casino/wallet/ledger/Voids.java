package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.VoidTransaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.Optional;

/**
 * {@code void_transaction}: appends the compensating entry of an entry that is neither a void nor voided;
 * the reversal of a credit is a debit, which {@link Funds} must allow.
 */
final class Voids implements Handler {
    static final Handler HANDLER = new Voids();

    @Override
    public String name() {
        return "void_transaction";
    }

    @Override
    public String walletId(Command command) {
        return command.getVoidTransaction().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getVoidTransaction().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        return "void:" + command.getVoidTransaction().getTransactionId();
    }

    @Override
    public boolean replayAtEdge() {
        return true;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        VoidTransaction request = command.getVoidTransaction();
        if (state.wallet().isEmpty()) return rulings.notFound(state, event);
        WalletState wallet = state.wallet().get();
        Optional<LedgerState.Entry> found = state.history().find(request.getTransactionId());
        if (found.isEmpty()) {
            return rulings.reject(state, event, RejectionCode.TRANSACTION_NOT_FOUND, "transaction " + request.getTransactionId() + " not found");
        }
        Transaction original = found.get().transaction();
        if (original.getKind() == EntryKind.VOID) {
            return rulings.reject(state, event, RejectionCode.VOID_OF_VOID, "a void cannot be voided: post a new transaction instead");
        }
        if (found.get().voided()) {
            return rulings.reject(state, event, RejectionCode.ALREADY_VOIDED, "transaction " + original.getId() + " is already voided");
        }
        long amount = -original.getAmount().getMinor();
        if (amount < 0) {
            Optional<Decision> unfunded = Funds.refusal(rulings, state, event, wallet, -amount);
            if (unfunded.isPresent()) return unfunded.get();
        }
        Book book = new Book(state.id(), wallet);
        if (!book.append(amount, EntryKind.VOID, command.getFingerprint(), "void of refno " + original.getRefno(),
                original.getLabelsMap(), request.getCreatedAtMs(), original.getId())) {
            return rulings.overflow(state, event);
        }
        return rulings.applied(state, book, amount > 0 ? event.setCreditMinor(amount) : event.setDebitMinor(-amount),
                Optional.of(original.getId()));
    }
}
