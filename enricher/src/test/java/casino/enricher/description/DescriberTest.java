package casino.enricher.description;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.event.Player;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DescriberTest {
    private static final Player JOHN = new Player("john@example.com", Instant.parse("2022-01-01T00:00:00Z"));

    private static CasinoEvent event(long player, Long game, EventType type, Long amount, String currency, Boolean won,
                                     String at, Long eur, Player p) {
        return CasinoEvent.raw(1, player, game, type, amount, currency, won, Instant.parse(at)).withAmountEur(eur).withPlayer(p);
    }

    @Test
    void givenAGameStartOfAnUnknownPlayer_whenDescribed_thenItReadsLikeTheFirstExample() {
        assertEquals("Player #10 started playing a game \"Rocket Dice\" on January 10th, 2022 at 12:34 UTC.",
                Describer.describe(event(10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:56.789Z", null, Player.UNKNOWN)));
    }

    @Test
    void givenAUsdBetOfAKnownPlayer_whenDescribed_thenItShowsEmailAmountAndEurAmount() {
        assertEquals("Player #11 (john@example.com) placed a bet of 5 USD (4.68 EUR) on a game \"It's bananas!\" on February 2nd, 2022 at 23:45 UTC.",
                Describer.describe(event(11, 101L, EventType.BET, 500L, "USD", false, "2022-02-02T23:45:00Z", 468L, JOHN)));
    }

    @Test
    void givenAnEurDeposit_whenDescribed_thenTheEurAmountIsNotRepeated() {
        assertEquals("Player #12 made a deposit of 100 EUR on March 3rd, 2022 at 12:12 UTC.",
                Describer.describe(event(12, null, EventType.DEPOSIT, 10000L, "EUR", null, "2022-03-03T12:12:00Z", 10000L, Player.UNKNOWN)));
    }

    @Test
    void givenAGameStop_whenDescribed_thenItSaysStoppedPlaying() {
        assertEquals("Player #13 stopped playing a game \"Wild Spin\" on April 4th, 2022 at 00:05 UTC.",
                Describer.describe(event(13, 102L, EventType.GAME_STOP, null, null, null, "2022-04-04T00:05:00Z", null, null)));
    }

    @Test
    void givenAWonBet_whenDescribed_thenItSaysAndWon() {
        assertEquals("Player #11 (john@example.com) placed a bet of 12.5 GBP (14.71 EUR) and won on a game \"#BarsAndBells\" on May 21st, 2023 at 09:07 UTC.",
                Describer.describe(event(11, 107L, EventType.BET, 1250L, "GBP", true, "2023-05-21T09:07:00Z", 1471L, JOHN)));
    }

    @Test
    void givenAnUnknownGame_whenDescribed_thenItReadsGameNumber() {
        assertEquals("Player #14 started playing a game #999 on June 22nd, 2022 at 18:00 UTC.",
                Describer.describe(event(14, 999L, EventType.GAME_START, null, null, null, "2022-06-22T18:00:00Z", null, Player.UNKNOWN)));
    }

    @Test
    void givenABtcBet_whenDescribed_thenSatoshisReadAsBitcoinWithoutTrailingZeros() {
        assertEquals("Player #15 placed a bet of 0.001 BTC (50 EUR) on a game \"ChilliPop\" on July 23rd, 2022 at 07:30 UTC.",
                Describer.describe(event(15, 109L, EventType.BET, 100000L, "BTC", false, "2022-07-23T07:30:00Z", 5000L, Player.UNKNOWN)));
    }

    @Test
    void givenEveryGameId_whenDescribed_thenEachHasItsTitle() {
        String[] titles = {"Rocket Dice", "It's bananas!", "Wild Spin", "Book of Dead", "Pirate Jackpots", "Western Gold 2",
                "Super Rainbow Megaways", "#BarsAndBells", "Fortune Three", "ChilliPop"};
        for (int i = 0; i < titles.length; i++) assertEquals("a game \"" + titles[i] + "\"", Describer.game(100 + i));
    }

    @ParameterizedTest(name = "day {0} reads {1}")
    @CsvSource({"1,1st", "2,2nd", "3,3rd", "4,4th", "5,5th", "6,6th", "7,7th", "8,8th", "9,9th", "10,10th",
            "11,11th", "12,12th", "13,13th", "14,14th", "15,15th", "16,16th", "17,17th", "18,18th", "19,19th", "20,20th",
            "21,21st", "22,22nd", "23,23rd", "24,24th", "25,25th", "26,26th", "27,27th", "28,28th", "29,29th", "30,30th", "31,31st"})
    void givenEveryDayOfTheMonth_whenDescribed_thenItHasTheRightOrdinal(int day, String expected) {
        String at = "2022-01-%02dT12:34:00Z".formatted(day);
        assertEquals("Player #10 started playing a game \"Rocket Dice\" on January " + expected + ", 2022 at 12:34 UTC.",
                Describer.describe(event(10, 100L, EventType.GAME_START, null, null, null, at, null, Player.UNKNOWN)));
    }
}
