package casino.wallet.ledger;

import casino.common.money.Conversion;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransferIn;
import casino.contract.wallet.proto.TransferOut;
import casino.contract.wallet.proto.TransferRecord;
import casino.contract.wallet.proto.TransferSettle;
import casino.contract.wallet.proto.TransferStatus;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletState;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The three steps of a transfer as decisions of the ledger: {@code out} on the source (debit, record
 * the transfer pending, and the credit command for the target as its next command), {@code in} on the
 * target (credit, or refuse; either way a settle back to the source), {@code settle} on the source
 * (completed, or refunded and failed). Each step's writes and its next command commit in one Kafka
 * transaction, so a committed debit is settled exactly once. Known gap: a refund whose credit would
 * overflow the source's balance is refused and the transfer stays pending.
 */
final class Transfers {
    static final Handler OUT = new Step("transfer_out", Transfers::out) {
        @Override
        public String walletId(Command command) {
            return command.getTransferOut().getFromWalletId();
        }

        @Override
        public long createdAt(Command command) {
            return command.getTransferOut().getCreatedAtMs();
        }

        @Override
        public String digest(Command command) {
            return "transfer:" + CommandDigest.sha256(CommandDigest.canonical(command.getTransferOut()));
        }

        @Override
        public String transferId(Command command) {
            return command.getTransferOut().getTransferId();
        }

        @Override
        public String amountText(Command command) {
            return command.getTransferOut().getAmount();
        }
    };
    static final Handler IN = new Step("transfer_in", Transfers::in) {
        @Override
        public String walletId(Command command) {
            return command.getTransferIn().getToWalletId();
        }

        @Override
        public long createdAt(Command command) {
            return command.getTransferIn().getCreatedAtMs();
        }

        @Override
        public String digest(Command command) {
            return "transfer_in:" + command.getTransferIn().getTransferId();
        }

        @Override
        public boolean decidedOnce() {
            return true; // a refused credit leg is decided once too: its settle has gone back to the source
        }

        @Override
        public String amountText(Command command) {
            return command.getTransferIn().getAmount();
        }
    };
    static final Handler SETTLE = new Step("transfer_settle", Transfers::settle) {
        @Override
        public String walletId(Command command) {
            return command.getTransferSettle().getFromWalletId();
        }

        @Override
        public long createdAt(Command command) {
            return command.getTransferSettle().getCreatedAtMs();
        }

        @Override
        public String digest(Command command) {
            return "transfer_settle:" + command.getTransferSettle().getTransferId();
        }

        @Override
        public String transferId(Command command) {
            return command.getTransferSettle().getTransferId();
        }
    };

    /** One step's decision. */
    @FunctionalInterface
    private interface Rule {
        Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings ledger);
    }

    /** The handler of one step: its name and rule; the facts of its body are the subclass's. */
    private abstract static class Step implements Handler {
        private final String name;
        private final Rule rule;

        Step(String name, Rule rule) {
            this.name = name;
            this.rule = rule;
        }

        @Override
        public String name() {
            return name;
        }

        /** A transfer step's replay shows where the transfer is now: the ledger answers it. */
        @Override
        public boolean replayAtEdge() {
            return false;
        }

        @Override
        public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
            return rule.decide(command, state, event, rulings);
        }
    }

    private Transfers() {}

    /** The fingerprint of a transfer's credit leg, in the target wallet's space. */
    static String inFingerprint(String transferId) {
        return Fingerprint.TRANSFER_PREFIX + transferId;
    }

    /** The fingerprint of a transfer's settle, in the source wallet's space. */
    static String settleFingerprint(String transferId) {
        return Fingerprint.TRANSFER_PREFIX + transferId + ":settle";
    }

    private static Decision out(Command command, LedgerState state, WalletEvent.Builder event, Rulings ledger) {
        TransferOut t = command.getTransferOut();
        if (state.wallet().isEmpty()) return ledger.notFound(state, event);
        if (t.getToWalletId().equals(t.getFromWalletId())) {
            return ledger.reject(state, event, RejectionCode.SAME_WALLET, "a transfer needs two different wallets");
        }
        if (!WalletId.isValid(t.getToWalletId()) || t.getTransferId().isEmpty()) {
            return ledger.reject(state, event, RejectionCode.INVALID_AMOUNT, "transfer without a valid target or id");
        }
        WalletState wallet = state.wallet().get();
        String own = wallet.getInfo().getCurrency();
        String currency = t.getCurrency().isEmpty() ? own : t.getCurrency();
        Money.Builder sent = Money.newBuilder().setCurrency(currency);
        Optional<Decision> invalid = ledger.minor(state, event, t.getAmount(), currency, sent);
        if (invalid.isPresent()) return invalid.get();
        if (sent.getMinor() <= 0) return ledger.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount must be positive");
        Optional<Amounts.Converted> debit = ledger.convert(sent.build(), own, state.rates());
        if (debit.isEmpty()) return ledger.noRate(state, event, currency, own);
        if (debit.get().minor().isEmpty()) return ledger.overflow(state, event);
        long minor = debit.get().minor().getAsLong();
        if (minor == 0) return ledger.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount is zero in " + own);
        Optional<Decision> unfunded = Funds.refusal(ledger, state, event, wallet, minor);
        if (unfunded.isPresent()) return unfunded.get();
        Book book = new Book(state.id(), wallet);
        if (!book.append(-minor, EntryKind.TRANSFER_OUT, command.getFingerprint(), t.getDescription(), t.getLabelsMap(),
                t.getCreatedAtMs(), "", extras(t.getTransferId(), t.getToWalletId(), sent.build(), own, debit.get()))) {
            return ledger.overflow(state, event);
        }
        Money debited = Money.newBuilder().setMinor(minor).setCurrency(own).build();
        TransferRecord record = TransferRecord.newBuilder().setId(t.getTransferId()).setFromWalletId(t.getFromWalletId())
                .setToWalletId(t.getToWalletId()).setAmount(new BigDecimal(t.getAmount()).toPlainString()).setCurrency(currency)
                .setStatus(TransferStatus.PENDING).setDebited(debited).setCreatedAtMs(book.entries().get(0).getCreatedAtMs())
                .setFingerprint(command.getFingerprint()).setDescription(t.getDescription()).putAllLabels(t.getLabelsMap()).build();
        Command credit = Command.newBuilder().setRequestId(command.getRequestId() + "/in")
                .setFingerprint(inFingerprint(t.getTransferId()))
                .setTransferIn(TransferIn.newBuilder().setTransferId(t.getTransferId()).setFromWalletId(t.getFromWalletId())
                        .setToWalletId(t.getToWalletId()).setAmount(t.getAmount()).setCurrency(currency)
                        .setDescription(t.getDescription()).putAllLabels(t.getLabelsMap()).setCreatedAtMs(t.getCreatedAtMs())
                        .setDebited(debited))
                .build();
        Decision.Applied applied = (Decision.Applied) ledger.applied(state, book, event.setDebitMinor(minor), Optional.empty());
        return applied.with(record, List.of(new Decision.Next(t.getToWalletId(), credit)));
    }

    private static Decision in(Command command, LedgerState state, WalletEvent.Builder event, Rulings ledger) {
        TransferIn t = command.getTransferIn();
        TransferSettle.Builder settle = TransferSettle.newBuilder().setTransferId(t.getTransferId())
                .setFromWalletId(t.getFromWalletId()).setCreatedAtMs(t.getCreatedAtMs());
        Decision decision = credit(command, state, event, t, ledger);
        if (decision instanceof Decision.Applied applied) {
            Transaction entry = applied.appended().get(0);
            settle.setCompleted(true).setCredited(entry.getAmount()).setRate(rate(t.getDebited().getCurrency(),
                    entry.getAmount().getCurrency(), state.rates()));
            return applied.with(List.of(next(command, t, settle)));
        }
        settle.setCompleted(false).setCode(decision.outcome().getCode()).setReason(decision.outcome().getReason());
        return new Decision.Rejected(decision.outcome(), Optional.empty(), Optional.empty(), List.of(next(command, t, settle)));
    }

    private static Decision credit(Command command, LedgerState state, WalletEvent.Builder event, TransferIn t, Rulings ledger) {
        if (state.wallet().isEmpty()) return ledger.notFound(state, event);
        WalletState wallet = state.wallet().get();
        String own = wallet.getInfo().getCurrency();
        Money.Builder sent = Money.newBuilder().setCurrency(t.getCurrency());
        Optional<Decision> invalid = ledger.minor(state, event, t.getAmount(), t.getCurrency(), sent);
        if (invalid.isPresent()) return invalid.get();
        Optional<Amounts.Converted> credit = ledger.convert(sent.build(), own, state.rates());
        if (credit.isEmpty()) return ledger.noRate(state, event, t.getCurrency(), own);
        if (credit.get().minor().isEmpty()) return ledger.overflow(state, event);
        long minor = credit.get().minor().getAsLong();
        if (minor <= 0) return ledger.reject(state, event, RejectionCode.INVALID_AMOUNT, "amount is zero in " + own);
        Book book = new Book(state.id(), wallet);
        if (!book.append(minor, EntryKind.TRANSFER_IN, command.getFingerprint(), t.getDescription(), t.getLabelsMap(),
                t.getCreatedAtMs(), "", extras(t.getTransferId(), t.getFromWalletId(), sent.build(), own, credit.get()))) {
            return ledger.overflow(state, event);
        }
        return ledger.applied(state, book, event.setCreditMinor(minor), Optional.empty());
    }

    private static Decision settle(Command command, LedgerState state, WalletEvent.Builder event, Rulings ledger) {
        TransferSettle s = command.getTransferSettle();
        Optional<TransferRecord> found = state.transfer().filter(r -> r.getId().equals(s.getTransferId()));
        if (state.wallet().isEmpty() || found.isEmpty()) {
            return ledger.reject(state, event, RejectionCode.NOT_A_LEDGER_COMMAND, "unknown transfer " + s.getTransferId());
        }
        TransferRecord record = found.get();
        if (record.getStatus() != TransferStatus.PENDING) {
            return ledger.reject(state, event, RejectionCode.NOT_A_LEDGER_COMMAND, "transfer " + s.getTransferId() + " is settled");
        }
        Book book = new Book(state.id(), state.wallet().get());
        TransferRecord.Builder settled = record.toBuilder().setSettledAtMs(s.getCreatedAtMs());
        if (s.getCompleted()) {
            settled.setStatus(TransferStatus.COMPLETED).setCredited(s.getCredited()).setRate(s.getRate());
        } else {
            Money refund = record.getDebited();
            if (!book.append(refund.getMinor(), EntryKind.TRANSFER_REFUND, command.getFingerprint(),
                    "refund of transfer " + record.getId() + ": " + s.getReason(), record.getLabelsMap(), s.getCreatedAtMs(), "",
                    Transaction.newBuilder().setTransferId(record.getId()).setCounterpartyWalletId(record.getToWalletId()).build())) {
                return ledger.overflow(state, event);
            }
            event.setCreditMinor(refund.getMinor());
            settled.setStatus(TransferStatus.FAILED).setCode(s.getCode()).setReason(s.getReason());
        }
        Decision.Applied applied = (Decision.Applied) ledger.applied(state, book, event, Optional.empty());
        return applied.with(settled.build(), List.of());
    }

    private static Decision.Next next(Command command, TransferIn t, TransferSettle.Builder settle) {
        String requestId = command.getRequestId().endsWith("/in")
                ? command.getRequestId().substring(0, command.getRequestId().length() - 3) : command.getRequestId();
        return new Decision.Next(t.getFromWalletId(), Command.newBuilder().setRequestId(Commands.settleRequest(requestId))
                .setFingerprint(settleFingerprint(t.getTransferId())).setTransferSettle(settle).build());
    }

    /** The transfer's fields of an entry, and the original amount and rate when it was converted. */
    private static Transaction extras(String transferId, String counterparty, Money sent, String own, Amounts.Converted converted) {
        Transaction.Builder extras = Transaction.newBuilder().setTransferId(transferId).setCounterpartyWalletId(counterparty);
        if (!sent.getCurrency().equals(own)) extras.setOriginal(sent).setRate(converted.rate());
        return extras.build();
    }

    /** Target units per source unit at the rates held now ("" when one is gone). */
    private static String rate(String source, String target, LedgerState.Rates rates) {
        if (source.equals(target)) return "1";
        Optional<BigDecimal> s = rates.perEur(source);
        Optional<BigDecimal> t = rates.perEur(target);
        return s.isEmpty() || t.isEmpty() ? "" : Conversion.rate(s.get(), t.get()).toPlainString();
    }
}
