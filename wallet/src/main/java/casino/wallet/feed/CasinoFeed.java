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
 * fingerprint is the event id and its content digest ({@link CasinoEvent#contentDigest()}): producers
 * restart their ids, so an id that comes back with other content is a new event, while an exact repeat
 * (a producer's retry) has the same fingerprint and is applied once. game_start and game_stop carry no
 * money and map to nothing; neither does a deposit of 0 (it would move nothing: the ledger refuses it). A
 * bet of 0 goes to the ledger, which applies it without an entry (balance unchanged). A bet or deposit
 * of amount 0 without amount_eur is one of 0 EUR.
 */
public final class CasinoFeed {
    public static final String EUR = "EUR";

    private CasinoFeed() {}

    public static String walletId(long playerId) {
        return "player-" + playerId;
    }

    /** The fingerprint of a casino event: {@code casino-<id>-<digest>}, at most 59 characters. */
    public static String fingerprint(long eventId, String digest) {
        return "casino-" + eventId + "-" + digest;
    }

    /**
     * @param digest the event's {@link CasinoEvent#contentDigest()}, computed once by the caller
     * @throws InvalidEventException naming the field when the event breaks the contract or lacks amount_eur
     */
    public static Optional<Command> toCommand(CasinoEvent event, String digest) {
        event.validate();
        if (event.type() != EventType.DEPOSIT && event.type() != EventType.BET) return Optional.empty();
        long minor = eur(event);
        if (minor < 0) throw new InvalidEventException("amount_eur", "negative amount_eur");
        if (event.type() == EventType.DEPOSIT && minor == 0) return Optional.empty();
        String wallet = walletId(event.playerId());
        Money eur = Money.newBuilder().setMinor(minor).setCurrency(EUR).build();
        long at = event.createdAt().toEpochMilli();
        String fingerprint = fingerprint(event.id(), digest);
        Command.Builder command = Command.newBuilder().setRequestId(fingerprint).setFingerprint(fingerprint);
        if (event.type() == EventType.DEPOSIT) {
            command.setDeposit(DepositRequest.newBuilder().setWalletId(wallet).setAmount(eur).setCreatedAtMs(at));
        } else {
            command.setCasinoBet(CasinoBet.newBuilder().setWalletId(wallet).setStake(eur)
                    .setWon(Boolean.TRUE.equals(event.hasWon())).setCreatedAtMs(at));
        }
        return Optional.of(command.build());
    }

    /** amount_eur; 0 for an amount of 0 without it (Go omits zero values). */
    private static long eur(CasinoEvent event) {
        if (event.amountEur() != null) return event.amountEur();
        if (event.amount() != null && event.amount() == 0) return 0;
        throw new InvalidEventException("amount_eur", "missing amount_eur on " + event.type().wireName());
    }
}
