package casino.wallet.ledger;

import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.PostTransaction;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.util.Optional;

/**
 * {@code post_transaction} (the resource API's transactions, classic add-funds and remove-funds): credits
 * (amount > 0) or debits (amount < 0, if {@link Funds} allows it) an existing wallet, in its currency's
 * scale; an amount in another currency is converted at the rates held now.
 */
final class Posts implements Handler {
    static final Handler HANDLER = new Posts();

    @Override
    public String name() {
        return "post_transaction";
    }

    @Override
    public String walletId(Command command) {
        return command.getPostTransaction().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getPostTransaction().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        return "post:" + CommandDigest.sha256(CommandDigest.canonical(command.getPostTransaction()));
    }

    @Override
    public boolean replayAtEdge() {
        return true;
    }

    @Override
    public String amountText(Command command) {
        return command.getPostTransaction().getAmount();
    }

    /** The kind of a posted transaction's entry: TRANSACTION unless it says otherwise. */
    static EntryKind kindOf(PostTransaction post) {
        return post.getKind() == EntryKind.ENTRY_KIND_UNSPECIFIED ? EntryKind.TRANSACTION : post.getKind();
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        PostTransaction post = command.getPostTransaction();
        if (state.wallet().isEmpty()) return rulings.notFound(state, event);
        WalletState wallet = state.wallet().get();
        long amount;
        Transaction extras = Transaction.getDefaultInstance();
        if (post.getAmount().isEmpty()) {
            amount = post.getAmountMinor();
        } else {
            String target = wallet.getInfo().getCurrency();
            String source = post.getCurrency().isEmpty() ? target : post.getCurrency();
            Money.Builder sent = Money.newBuilder().setCurrency(source);
            Optional<Decision> invalid = rulings.minor(state, event, post.getAmount(), source, sent);
            if (invalid.isPresent()) return invalid.get();
            if (source.equals(target)) {
                amount = sent.getMinor();
            } else {
                Optional<Amounts.Converted> converted = rulings.convert(sent.build(), target, state.rates());
                if (converted.isEmpty()) return rulings.noRate(state, event, source, target);
                if (converted.get().minor().isEmpty()) return rulings.overflow(state, event);
                amount = converted.get().minor().getAsLong();
                if (amount == 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount is zero in " + target);
                extras = Transaction.newBuilder().setOriginal(sent).setRate(converted.get().rate()).build();
            }
        }
        if (amount == 0) return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must not be zero");
        if (amount < 0) {
            if (amount == Long.MIN_VALUE) return rulings.overflow(state, event);
            Optional<Decision> unfunded = Funds.refusal(rulings, state, event, wallet, -amount);
            if (unfunded.isPresent()) return unfunded.get();
        }
        Book book = new Book(state.id(), wallet);
        if (!book.append(amount, kindOf(post), command.getFingerprint(), post.getDescription(), post.getLabelsMap(),
                post.getCreatedAtMs(), "", extras)) {
            return rulings.overflow(state, event);
        }
        return rulings.applied(state, book, amount > 0 ? event.setCreditMinor(amount) : event.setDebitMinor(-amount), Optional.empty());
    }
}
