package casino.reporting;

import casino.contract.wallet.proto.BalanceChanged;
import casino.contract.wallet.proto.Money;
import casino.contract.wallet.proto.Outcome;
import casino.contract.wallet.proto.EntryKind;
import casino.contract.wallet.proto.Transaction;
import casino.contract.wallet.proto.TransactionCreated;
import casino.contract.wallet.proto.TransactionVoided;
import casino.contract.wallet.proto.WalletCreated;
import casino.contract.wallet.proto.WalletEvent;
import casino.contract.wallet.proto.WalletInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds wallet.events records as the wallet's ledger publishes them (see wallet/README.md "External
 * events"): per applied command an outcome, then WalletCreated, per entry TransactionCreated
 * (TransactionVoided for a void) and BalanceChanged. Keeps each wallet's balance and refno.
 */
public final class WalletEvents {
    /** One record: key = wallet id, header event-type, value = the protobuf. */
    public record Event(String walletId, String type, WalletEvent value) {}

    private final Map<String, long[]> wallets = new HashMap<>(); // id -> {balance, refno}
    private final Map<String, String> currencies = new HashMap<>();

    public List<Event> create(String walletId, String currency, Map<String, String> labels, long createdMs) {
        wallets.put(walletId, new long[] {0, 0});
        currencies.put(walletId, currency);
        WalletInfo info = WalletInfo.newBuilder().setId(walletId).setExternalId("ext-" + walletId).setCurrency(currency)
                .putAllLabels(labels).setCreatedAtMs(createdMs).build();
        return List.of(outcome(walletId, "create_wallet"), new Event(walletId, "WalletCreated", external(walletId)
                .setWalletCreated(WalletCreated.newBuilder().setWallet(info).setBalance(money(0, currency))).build()));
    }

    /** One applied command with one entry of the given kind and signed amount. */
    public List<Event> entry(String walletId, String kind, long minor, Map<String, String> labels, long createdMs) {
        return applied(walletId, entryOf(walletId, kind, minor, labels, createdMs, ""));
    }

    /** A void of {@code entry}: its compensating entry, TransactionVoided, BalanceChanged. */
    public List<Event> voidOf(Transaction entry, long createdMs) {
        Transaction compensation = entryOf(entry.getWalletId(), "void", -entry.getAmount().getMinor(), Map.of(), createdMs,
                entry.getId());
        List<Event> events = new ArrayList<>(applied(entry.getWalletId(), compensation));
        events.add(2, new Event(entry.getWalletId(), "TransactionVoided", external(entry.getWalletId())
                .setTransactionVoided(TransactionVoided.newBuilder().setTransactionId(entry.getId())
                        .setCompensation(compensation)).build()));
        return events;
    }

    /** The entry carried by a TransactionCreated event of {@code events}. */
    public static Transaction entryIn(List<Event> events) {
        return events.stream().filter(e -> e.value().hasTransactionCreated()).findFirst().orElseThrow()
                .value().getTransactionCreated().getTransaction();
    }

    public long balance(String walletId) {
        return wallets.get(walletId)[0];
    }

    private Transaction entryOf(String walletId, String kind, long minor, Map<String, String> labels, long createdMs,
                                String voids) {
        long[] state = wallets.get(walletId);
        long old = state[0];
        state[0] += minor;
        state[1]++;
        return Transaction.newBuilder().setId(UUID.randomUUID().toString()).setWalletId(walletId).setRefno(state[1])
                .setAmount(money(minor, currencies.get(walletId))).setFingerprint("fp-" + walletId + "-" + state[1])
                .setDescription("entry " + state[1] + " of " + walletId + ", \"quoted\", with a comma")
                .putAllLabels(labels).setCreatedAtMs(createdMs).setOldBalanceMinor(old).setNewBalanceMinor(state[0])
                .setKind(EntryKind.valueOf(kind.toUpperCase(java.util.Locale.ROOT))).setVoidsId(voids).build();
    }

    private List<Event> applied(String walletId, Transaction t) {
        String currency = currencies.get(walletId);
        return new ArrayList<>(List.of(outcome(walletId, "post_transaction"),
                new Event(walletId, "TransactionCreated", external(walletId)
                        .setTransactionCreated(TransactionCreated.newBuilder().setTransaction(t)).build()),
                new Event(walletId, "BalanceChanged", external(walletId).setBalanceChanged(BalanceChanged.newBuilder()
                        .setWalletId(walletId).setOldBalance(money(t.getOldBalanceMinor(), currency))
                        .setNewBalance(money(t.getNewBalanceMinor(), currency)).setRefno(t.getRefno())
                        .setAtMs(t.getCreatedAtMs())).build())));
    }

    private Event outcome(String walletId, String command) {
        long[] state = wallets.get(walletId);
        return new Event(walletId, "Outcome", WalletEvent.newBuilder().setRequestId(UUID.randomUUID().toString())
                .setWalletId(walletId).setOutcome(Outcome.APPLIED).setCommand(command)
                .setBalance(money(state[0], currencies.get(walletId))).build());
    }

    private static WalletEvent.Builder external(String walletId) {
        return WalletEvent.newBuilder().setWalletId(walletId);
    }

    private static Money money(long minor, String currency) {
        return Money.newBuilder().setMinor(minor).setCurrency(currency).build();
    }
}
