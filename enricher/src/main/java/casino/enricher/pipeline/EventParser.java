package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.event.EventReader;
import casino.common.event.IgnoredFields;
import casino.common.event.InvalidEventException;
import casino.common.money.Currency;
import casino.enricher.currency.Currencies;
import java.util.Arrays;

/**
 * Bytes of {@code casino.events} to a valid raw {@link CasinoEvent}, or the {@link Rejection} that
 * sends them to the dead-letter topic: malformed JSON, unknown type, a missing or mistyped field, a
 * negative amount, an unknown currency. Reads what Go's {@code encoding/json} writes for the
 * original challenge's struct, zero values omitted or written, every field on every type: what the
 * type does not use is dropped and counted, never dead-lettered ({@link EventReader}); the code of a
 * rejection is the {@link InvalidEventException.Code} of the problem. Enrichment keys that arrive
 * on a raw event ({@code amount_eur}, {@code player}, {@code description}) are checked and then
 * dropped: the enricher computes them. Pure: no Kafka, no I/O.
 */
public final class EventParser {
    private static final String CURRENCIES = String.join(", ", Arrays.stream(Currency.values()).map(Enum::name).toList());

    private EventParser() {}

    public sealed interface Result permits Valid, Invalid {}

    public record Valid(CasinoEvent event) implements Result {}

    public record Invalid(Rejection rejection) implements Result {}

    /** {@link #parse(byte[], IgnoredFields)} reporting nothing (events read back from the pending store). */
    public static Result parse(byte[] value) {
        return parse(value, IgnoredFields.NONE);
    }

    /**
     * The raw event in {@code value}: the fields its type does not use (an amount on a game_start, a
     * game on a deposit, a win on anything but a bet) are dropped and reported to {@code ignored}.
     */
    public static Result parse(byte[] value, IgnoredFields ignored) {
        CasinoEvent e;
        try {
            e = EventReader.read(value, ignored);
        } catch (InvalidEventException problem) {
            return new Invalid(new Rejection(problem.code().wireName(), problem.field(), problem.getMessage()));
        }
        if (Currencies.of(e.currency()) == null && e.currency() != null) {
            return new Invalid(new Rejection(Rejection.UNKNOWN_CURRENCY, "currency",
                    "currency " + Rejection.quote(e.currency()) + " is not one of " + CURRENCIES));
        }
        return new Valid(CasinoEvent.raw(e.id(), e.playerId(), e.gameId(), e.type(), e.amount(), e.currency(), e.hasWon(),
                e.createdAt()));
    }
}
