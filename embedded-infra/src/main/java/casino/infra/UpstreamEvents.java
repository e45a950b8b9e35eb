package casino.infra;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What real upstream producers write, for every service's tests: {@link #CASES}, the one table of
 * upstream JSON lines with how every reader must understand them (the materializer, the wallet's feed
 * and the enricher each check their path against it), and {@link #goGenerator}, the stream of the
 * original challenge's Go generator (every field on every type, ids from 1 on every run).
 */
public final class UpstreamEvents {
    /** Go's zero Player, always written by the Go generator. */
    public static final String GO_ZERO_PLAYER = "{\"email\":\"\",\"last_signed_in_at\":\"0001-01-01T00:00:00Z\"}";
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "NZD", "BTC"};
    private static final EventType[] TYPES = {EventType.GAME_START, EventType.BET, EventType.DEPOSIT, EventType.GAME_STOP};
    /** Go's time.RFC3339Nano: up to nine fraction digits, trailing zeros dropped, a numeric offset. */
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXX");

    private UpstreamEvents() {}

    /** One upstream line, the event every reader must see in it, and the fields its type makes them ignore. */
    public record Case(String name, String json, CasinoEvent expected, Set<String> ignored) {}

    public static final List<Case> CASES = List.of(
            new Case("Go game_start with every field",
                    "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"amount\":1234,\"currency\":\"USD\","
                            + "\"has_won\":true,\"created_at\":\"2022-01-10T13:34:56.789123456+01:00\",\"player\":" + GO_ZERO_PLAYER
                            + ",\"description\":\"\"}",
                    event(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:56.789123456Z"),
                    Set.of("amount", "currency", "has_won")),
            new Case("Go game_stop with an amount",
                    "{\"id\":2,\"player_id\":11,\"game_id\":109,\"type\":\"game_stop\",\"amount\":7,\"currency\":\"BTC\","
                            + "\"created_at\":\"2022-01-10T12:34:56Z\",\"player\":" + GO_ZERO_PLAYER + ",\"description\":\"\"}",
                    event(2, 11, 109L, EventType.GAME_STOP, null, null, null, "2022-01-10T12:34:56Z"),
                    Set.of("amount", "currency")),
            new Case("Go deposit with a game and a win",
                    "{\"id\":3,\"player_id\":12,\"game_id\":104,\"type\":\"deposit\",\"amount\":1999,\"currency\":\"GBP\","
                            + "\"has_won\":true,\"created_at\":\"2022-03-03T12:12:12.5-05:00\",\"player\":" + GO_ZERO_PLAYER
                            + ",\"description\":\"\"}",
                    event(3, 12, null, EventType.DEPOSIT, 1999L, "GBP", null, "2022-03-03T17:12:12.5Z"),
                    Set.of("game_id", "has_won")),
            new Case("Go bet whose amount 0 is omitted",
                    "{\"id\":4,\"player_id\":13,\"game_id\":101,\"type\":\"bet\",\"currency\":\"NZD\","
                            + "\"created_at\":\"2022-02-02T23:45:12.89+00:00\",\"player\":" + GO_ZERO_PLAYER + ",\"description\":\"\"}",
                    event(4, 13, 101L, EventType.BET, 0L, "NZD", false, "2022-02-02T23:45:12.89Z"),
                    Set.of()),
            new Case("Go deposit whose amount 0 is omitted",
                    "{\"id\":5,\"player_id\":14,\"game_id\":102,\"type\":\"deposit\",\"currency\":\"EUR\","
                            + "\"created_at\":\"2022-02-02T23:45:12+00:00\",\"player\":" + GO_ZERO_PLAYER + ",\"description\":\"\"}",
                    event(5, 14, null, EventType.DEPOSIT, 0L, "EUR", null, "2022-02-02T23:45:12Z"),
                    Set.of("game_id")),
            new Case("Go winning bet",
                    "{\"id\":6,\"player_id\":15,\"game_id\":103,\"type\":\"bet\",\"amount\":500,\"currency\":\"USD\",\"has_won\":true,"
                            + "\"created_at\":\"2022-02-02T23:45:12.000000001+02:00\",\"player\":" + GO_ZERO_PLAYER + ",\"description\":\"\"}",
                    event(6, 15, 103L, EventType.BET, 500L, "USD", true, "2022-02-02T21:45:12.000000001Z"),
                    Set.of()),
            new Case("seed 000's game_start",
                    "{\"id\":1,\"player_id\":10,\"game_id\":100,\"type\":\"game_start\",\"created_at\":\"2022-01-10T12:34:56.789+00\"}",
                    event(1, 10, 100L, EventType.GAME_START, null, null, null, "2022-01-10T12:34:56.789Z"),
                    Set.of()),
            new Case("seed 000's deposit",
                    "{\"id\":3,\"player_id\":12,\"type\":\"deposit\",\"amount\":10000,\"currency\":\"EUR\","
                            + "\"created_at\":\"2022-03-03T12:12:12+00\"}",
                    event(3, 12, null, EventType.DEPOSIT, 10000L, "EUR", null, "2022-03-03T12:12:12Z"),
                    Set.of()));

    private static CasinoEvent event(long id, long player, Long game, EventType type, Long amount, String currency, Boolean won,
                                     String at) {
        return CasinoEvent.raw(id, player, game, type, amount, currency, won, Instant.parse(at));
    }

    /**
     * {@code count} events as the Go generator writes them, ids from {@code firstId}: a random type,
     * player 10-19, game 100-109 (deposits too), a currency of five, an amount {@code Intn(2000)}
     * ({@code Intn(100000)} for BTC) omitted when 0, {@code has_won} true 5 % of the time on any type,
     * Go's zero player, an empty description, and the time with nanoseconds at a local offset.
     */
    public static List<String> goGenerator(long seed, int count, long firstId) {
        Random r = new Random(seed);
        ZoneOffset local = ZoneOffset.ofHours(1 + r.nextInt(3));
        OffsetDateTime t = OffsetDateTime.of(2026, 12, 7, 18, 0, 0, 0, local);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String currency = CURRENCIES[r.nextInt(CURRENCIES.length)];
            long amount = r.nextInt(currency.equals("BTC") ? 100_000 : 2_000);
            boolean won = r.nextInt(100) < 5;
            t = t.plus(Duration.ofNanos(1 + r.nextInt(900_000_000)));
            StringBuilder json = new StringBuilder(220)
                    .append("{\"id\":").append(firstId + i)
                    .append(",\"player_id\":").append(10 + r.nextInt(10))
                    .append(",\"game_id\":").append(100 + r.nextInt(10))
                    .append(",\"type\":\"").append(TYPES[r.nextInt(TYPES.length)].wireName()).append('"');
            if (amount != 0) json.append(",\"amount\":").append(amount);
            json.append(",\"currency\":\"").append(currency).append('"');
            if (won) json.append(",\"has_won\":true");
            json.append(",\"created_at\":\"").append(RFC3339_NANO.format(t).replaceFirst("(\\.\\d*?)0+(?=[+-])", "$1")
                            .replaceFirst("\\.(?=[+-])", ""))
                    .append("\",\"player\":").append(GO_ZERO_PLAYER).append(",\"description\":\"\"}");
            lines.add(json.toString());
        }
        return lines;
    }
}
