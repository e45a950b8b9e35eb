package casino.generator;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.money.Currency;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Random casino events: the four types uniformly, players 10-19, games 100-109 (not on deposits),
 * currencies EUR/USD/GBP/NZD/BTC uniformly, amounts 1-1999 minor units (BTC 1-99,999 satoshi),
 * 5 % of bets won. The same seed gives the same sequence of events (ids and times aside).
 */
public final class EventFactory {
    private static final EventType[] TYPES = EventType.values();
    private static final Currency[] CURRENCIES = Currency.values();
    private final SplittableRandom random;

    public EventFactory(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public CasinoEvent next(long id, Instant createdAt) {
        EventType type = TYPES[random.nextInt(TYPES.length)];
        long player = 10 + random.nextInt(10);
        Long game = type.hasGame() ? (long) (100 + random.nextInt(10)) : null;
        Long amount = null;
        String currency = null;
        if (type.hasAmount()) {
            Currency c = CURRENCIES[random.nextInt(CURRENCIES.length)];
            currency = c.name();
            amount = (long) (c == Currency.BTC ? 1 + random.nextInt(99_999) : 1 + random.nextInt(1_999));
        }
        Boolean won = type == EventType.BET ? random.nextInt(100) < 5 : null;
        return CasinoEvent.raw(id, player, game, type, amount, currency, won, createdAt);
    }
}
