package casino.enricher.description;

import casino.common.event.CasinoEvent;
import casino.common.money.Currency;
import casino.enricher.currency.Currencies;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The human description of an enriched event, exactly:
 * {@code Player #11 (john@example.com) placed a bet of 5 USD (4.68 EUR) on a game "It's bananas!" on February 2nd, 2022 at 23:45 UTC.}
 * The email appears only for a known player, the EUR amount only for other currencies, amounts
 * in major units without trailing zeros, dates in UTC; an unknown game reads {@code a game #999}.
 */
public final class Describer {
    static final Map<Long, String> GAME_TITLES = Map.of(
            100L, "Rocket Dice", 101L, "It's bananas!", 102L, "Wild Spin", 103L, "Book of Dead",
            104L, "Pirate Jackpots", 105L, "Western Gold 2", 106L, "Super Rainbow Megaways",
            107L, "#BarsAndBells", 108L, "Fortune Three", 109L, "ChilliPop");

    private static final String[] MONTHS = Arrays.stream(Month.values())
            .map(m -> m.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).toArray(String[]::new);

    private Describer() {}

    /** Needs amount_eur on bets and deposits (the currency step runs first). */
    public static String describe(CasinoEvent e) {
        StringBuilder s = new StringBuilder("Player #").append(e.playerId());
        if (e.player() != null && e.player().known()) s.append(" (").append(e.player().email()).append(')');
        switch (e.type()) {
            case GAME_START -> s.append(" started playing ").append(game(e.gameId()));
            case BET -> {
                s.append(" placed a bet of ").append(money(e));
                if (Boolean.TRUE.equals(e.hasWon())) s.append(" and won");
                s.append(" on ").append(game(e.gameId()));
            }
            case DEPOSIT -> s.append(" made a deposit of ").append(money(e));
            case GAME_STOP -> s.append(" stopped playing ").append(game(e.gameId()));
        }
        return s.append(" on ").append(when(e.createdAt())).append('.').toString();
    }

    static String game(long gameId) {
        String title = GAME_TITLES.get(gameId);
        return title == null ? "a game #" + gameId : "a game \"" + title + "\"";
    }

    static String money(CasinoEvent e) {
        Currency currency = Currencies.of(e.currency());
        String amount = currency.format(e.amount()) + " " + currency.name();
        if (currency == Currency.EUR) return amount;
        return amount + " (" + Currency.EUR.format(e.amountEur()) + " EUR)";
    }

    /** {@code January 10th, 2022 at 12:34 UTC}. */
    static String when(Instant instant) {
        ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(32).append(MONTHS[t.getMonthValue() - 1]).append(' ')
                .append(ordinal(t.getDayOfMonth())).append(", ").append(t.getYear()).append(" at ");
        twoDigits(s, t.getHour()).append(':');
        return twoDigits(s, t.getMinute()).append(" UTC").toString();
    }

    private static StringBuilder twoDigits(StringBuilder s, int n) {
        return s.append(n < 10 ? "0" : "").append(n);
    }

    /** 1st 2nd 3rd 4th ... 11th 12th 13th ... 21st 22nd 23rd ... 31st. */
    static String ordinal(int day) {
        int lastTwo = day % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (day % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return day + suffix;
    }
}
