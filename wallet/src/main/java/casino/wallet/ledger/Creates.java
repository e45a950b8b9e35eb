package casino.wallet.ledger;

import casino.common.money.Currencies;
import casino.common.money.Currency;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.CreateWallet;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.RejectionCode;
import casino.contract.wallet.proto.ReleaseExternalId;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import java.util.Map;
import java.util.Optional;

/**
 * {@code create_wallet}: opens a wallet (with an opening entry if it has an initial balance); a failed
 * create that claimed an external id sends the release of its claim. Its fingerprint is new per request:
 * nothing is kept under it.
 */
final class Creates implements Handler {
    static final Handler HANDLER = new Creates();

    @Override
    public String name() {
        return "create_wallet";
    }

    @Override
    public String walletId(Command command) {
        return command.getCreateWallet().getWalletId();
    }

    @Override
    public long createdAt(Command command) {
        return command.getCreateWallet().getCreatedAtMs();
    }

    @Override
    public String digest(Command command) {
        return "create";
    }

    @Override
    public boolean remembersApplied() {
        return false;
    }

    @Override
    public boolean replayAtEdge() {
        return false;
    }

    @Override
    public Decision decide(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        CreateWallet create = command.getCreateWallet();
        Decision decision = createOrRefuse(command, state, event, rulings);
        boolean claimedInVain = decision instanceof Decision.Rejected && !create.getExternalId().isEmpty()
                && !state.wallet().map(w -> w.getInfo().getExternalId().equals(create.getExternalId())).orElse(false);
        if (!claimedInVain) return decision;
        Command release = Command.newBuilder().setRequestId(command.getRequestId()).setFingerprint(command.getFingerprint())
                .setReleaseExternalId(ReleaseExternalId.newBuilder().setExternalId(create.getExternalId()).setWalletId(state.id()))
                .build();
        return new Decision.Rejected(decision.outcome(), Optional.empty(), Optional.of(release));
    }

    private static Decision createOrRefuse(Command command, LedgerState state, WalletEvent.Builder event, Rulings rulings) {
        CreateWallet create = command.getCreateWallet();
        if (state.wallet().isPresent()) return rulings.reject(state, event, RejectionCode.WALLET_EXISTS, "wallet already exists");
        if (!Currencies.isCode(create.getCurrency())) {
            return rulings.reject(state, event, RejectionCode.UNKNOWN_CURRENCY, "unknown currency " + create.getCurrency());
        }
        // the casino's currencies are always known; any other one needs a rate
        if (Currency.find(create.getCurrency()).isEmpty() && state.rates().perEur(create.getCurrency()).isEmpty()) {
            return rulings.reject(state, event, RejectionCode.NO_RATE, "no rate for " + create.getCurrency());
        }
        if (create.getInitialMinor() < 0) {
            return rulings.reject(state, event, RejectionCode.INVALID_AMOUNT, "initial balance must not be negative");
        }
        WalletInfo info = WalletInfo.newBuilder().setId(state.id()).setExternalId(create.getExternalId())
                .setCurrency(create.getCurrency()).putAllLabels(create.getLabelsMap())
                .setName(create.getName()).setCountry(create.getCountry()).setCity(create.getCity())
                .setCreatedAtMs(create.getCreatedAtMs()).build();
        Book book = Book.opening(state.id(), info);
        if (create.getInitialMinor() > 0) {
            book.append(create.getInitialMinor(), EntryKind.OPENING, command.getFingerprint(), "opening balance", Map.of(),
                    create.getCreatedAtMs(), "");
        }
        return rulings.applied(state, book, event.setCreditMinor(create.getInitialMinor()).setWallet(info), Optional.empty());
    }
}
