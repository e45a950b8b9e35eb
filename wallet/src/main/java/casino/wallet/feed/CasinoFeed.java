package casino.wallet.feed;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.InvalidEventException;
import casino.contract.wallet.proto.CasinoBet;
import casino.contract.wallet.proto.Command;
import casino.contract.wallet.proto.DepositRequest;
import casino.contract.wallet.proto.Money;
import java.util.Optional;

/**
 * Maps an enriched casino event to a ledger command for wallet {@code player-<id>}: a deposit
 * credits {@code amount_eur}, a bet debits its stake in EUR (and the ledger pays a won bet). The
 * event id is the fingerprint, so each casino event is applied once. game_start and game_stop
 * carry no money and map to nothing.
 */
public final class CasinoFeed {
    public static final String EUR = "EUR";

    private CasinoFeed() {}

    public static String walletId(long playerId) {
        return "player-" + playerId;
    }

    public static String fingerprint(long eventId) {
        return "casino-" + eventId;
    }

    /**
     * @throws InvalidEventException naming the field when the event breaks the contract or lacks amount_eur
     */
    public static Optional<Command> toCommand(CasinoEvent event) {
        event.validate();
        if (event.type() != EventType.DEPOSIT && event.type() != EventType.BET) return Optional.empty();
        if (event.amountEur() == null) {
            throw new InvalidEventException("amount_eur", "missing amount_eur on " + event.type().wireName());
        }
        if (event.amountEur() < 0) throw new InvalidEventException("amount_eur", "negative amount_eur");
        String wallet = walletId(event.playerId());
        Money eur = Money.newBuilder().setMinor(event.amountEur()).setCurrency(EUR).build();
        long at = event.createdAt().toEpochMilli();
        Command.Builder command = Command.newBuilder()
                .setRequestId(fingerprint(event.id()))
                .setFingerprint(fingerprint(event.id()));
        if (event.type() == EventType.DEPOSIT) {
            command.setDeposit(DepositRequest.newBuilder().setWalletId(wallet).setAmount(eur).setCreatedAtMs(at));
        } else {
            command.setCasinoBet(CasinoBet.newBuilder().setWalletId(wallet).setStake(eur)
                    .setWon(event.hasWon()).setCreatedAtMs(at));
        }
        return Optional.of(command.build());
    }
}
