package casino.materializer.aggregate;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.InvalidEventException;

/**
 * What the aggregates read from one valid enriched event: its type, player, whether a bet was won
 * and a deposit's amount in EUR cents (0 for other types). {@link #of} holds the materializer's rules
 * on top of the event contract's, so both parsers give the same verdict.
 */
public record Counted(EventType type, long playerId, boolean hasWon, long depositEur) {

    /**
     * The event contract's field rules ({@link CasinoEvent#validate}), then the materializer's own:
     * a deposit carries {@code amount_eur}, and {@code amount_eur} is never negative.
     *
     * @throws InvalidEventException naming the first field at fault
     */
    public static Counted of(CasinoEvent event) {
        event.validate();
        if (event.type() == EventType.DEPOSIT && event.amountEur() == null) {
            throw new InvalidEventException("amount_eur", "deposit without amount_eur");
        }
        if (event.amountEur() != null && event.amountEur() < 0) {
            throw new InvalidEventException("amount_eur", "negative amount_eur");
        }
        return new Counted(event.type(), event.playerId(), Boolean.TRUE.equals(event.hasWon()),
                event.type() == EventType.DEPOSIT ? event.amountEur() : 0);
    }
}
