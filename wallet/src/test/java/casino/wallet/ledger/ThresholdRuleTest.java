package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every case of the threshold rule in issue 5, on the rule alone (amounts in cents). */
class ThresholdRuleTest {
    static final ThresholdRule RULE = new ThresholdRule(Duration.ofSeconds(120), 1_000_000, Duration.ofMinutes(10));
    static final long T0 = 1_700_000_000_000L;

    /** Applies deposits (seconds after T0, cents) in the given order and returns the flag after each. */
    static List<Boolean> flags(long[][] deposits) {
        boolean above = false;
        RecentDeposits kept = RecentDeposits.EMPTY;
        long newest = Long.MIN_VALUE;
        List<Boolean> flags = new ArrayList<>();
        for (long[] d : deposits) {
            ThresholdRule.Result r = RULE.add(above, kept, newest, T0 + d[0] * 1000, d[1]);
            above = r.above();
            kept = r.kept();
            newest = r.newestAtMs();
            flags.add(above);
        }
        return flags;
    }

    @Test
    void givenTwo6000DepositsWithinTwoMinutes_thenAboveThreshold() {
        assertEquals(List.of(false, true), flags(new long[][] {{0, 600_000}, {60, 600_000}}));
    }

    @Test
    void given6000Then6000At121Seconds_thenNotAbove() {
        assertEquals(List.of(false, false), flags(new long[][] {{0, 600_000}, {121, 600_000}}));
    }

    @Test
    void givenDepositsAtTAndTPlus120Seconds_thenTheyAreNotSummed() {
        assertEquals(List.of(false, false), flags(new long[][] {{0, 600_000}, {120, 600_000}}));
    }

    @Test
    void givenDepositsAtTAndTPlus119Seconds_thenTheyAreSummed() {
        assertEquals(List.of(false, true), flags(new long[][] {{0, 600_000}, {119, 600_000}}));
    }

    @Test
    void givenSix2000Deposits20SecondsApart_thenAboveAtTheSixth() {
        long[][] d = new long[6][];
        for (int i = 0; i < 6; i++) d[i] = new long[] {i * 20L, 200_000};
        assertEquals(List.of(false, false, false, false, false, true), flags(d));
    }

    @Test
    void givenFive2000DepositsExactly10000_thenNotAbove() {
        long[][] d = new long[5][];
        for (int i = 0; i < 5; i++) d[i] = new long[] {i * 20L, 200_000};
        assertEquals(List.of(false, false, false, false, false), flags(d));
    }

    @Test
    void givenOneDepositOf10000_01_thenAbove() {
        assertEquals(List.of(true), flags(new long[][] {{0, 1_000_001}}));
    }

    @Test
    void givenAboveThenTwoQuietMinutes_thenStillAbove() {
        assertEquals(List.of(false, true, true), flags(new long[][] {{0, 600_000}, {10, 600_000}, {250, 1}}));
    }

    @Test
    void givenTheSameDepositsInAnyArrivalOrder_thenTheSameFlag() {
        // the sum exceeds only in the window ending at +100 s: 6000 at +0 and 6000 at +100
        long[][] inOrder = {{0, 600_000}, {100, 600_000}, {300, 100}};
        long[][] late = {{100, 600_000}, {300, 100}, {0, 600_000}};
        assertTrue(flags(inOrder).get(2));
        assertTrue(flags(late).get(2), "a late deposit completes an earlier window");
        List<long[]> shuffled = new ArrayList<>(List.of(new long[] {0, 200_000}, new long[] {30, 200_000},
                new long[] {60, 200_000}, new long[] {90, 200_000}, new long[] {119, 200_000}, new long[] {200, 1}));
        for (int seed = 0; seed < 20; seed++) {
            Collections.shuffle(shuffled, new java.util.Random(seed));
            assertFalse(flags(shuffled.toArray(long[][]::new)).getLast(), "exactly 10,000 in (t-120s, t] is not above");
        }
    }

    @Test
    void givenAboveThreshold_thenNoDepositsAreKept() {
        ThresholdRule.Result r = RULE.add(false, RecentDeposits.EMPTY, Long.MIN_VALUE, T0, 2_000_000);
        assertTrue(r.above());
        assertEquals(0, r.kept().size());
    }

    @Test
    void givenDepositsOlderThanWindowPlusGrace_thenTheyArePruned() {
        ThresholdRule.Result first = RULE.add(false, RecentDeposits.EMPTY, Long.MIN_VALUE, T0, 100);
        ThresholdRule.Result later = RULE.add(false, first.kept(), first.newestAtMs(), T0 + Duration.ofMinutes(13).toMillis(), 100);
        assertEquals(1, later.kept().size());
    }

    @Test
    void givenRandomDepositsInRandomOrder_thenTheFlagIsTheBruteForceAnswer() {
        java.util.Random random = new java.util.Random(5);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(12);
            long[][] deposits = new long[n][];
            for (int i = 0; i < n; i++) {
                // times on a 20 s grid within 5 minutes, so deposits exactly one window apart are common (late
                // ones stay within the grace); amounts up to 4,000.00
                deposits[i] = new long[] {20L * random.nextInt(16), 1 + random.nextInt(400_000)};
            }
            boolean expected = false;
            for (long[] end : deposits) {
                long sum = 0;
                for (long[] d : deposits) if (d[0] > end[0] - 120 && d[0] <= end[0]) sum += d[1];
                expected |= sum > 1_000_000;
            }
            assertEquals(expected, flags(deposits).getLast(), () -> "deposits " + java.util.Arrays.deepToString(deposits));
        }
    }

    @Test
    void givenKeptDeposits_whenEncodedAndDecoded_thenTheSameDepositsInTimeOrder() {
        RecentDeposits deposits = RecentDeposits.of(new long[] {T0 + 5, T0, T0 + 5, T0 - 90_000}, new long[] {1, 2, 3, 4_000_000_000L});
        RecentDeposits decoded = RecentDeposits.decode(deposits.encode());
        assertEquals(List.of(T0 - 90_000, T0, T0 + 5, T0 + 5), times(decoded));
        assertEquals(List.of(4_000_000_000L, 2L, 1L, 3L), java.util.stream.IntStream.range(0, decoded.size())
                .mapToObj(decoded::minor).toList());
        assertEquals(0, RecentDeposits.decode(com.google.protobuf.ByteString.EMPTY).size());
    }

    private static List<Long> times(RecentDeposits deposits) {
        return java.util.stream.IntStream.range(0, deposits.size()).mapToObj(deposits::atMs).toList();
    }
}
