package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.wallet.proto.TimedAmount;
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
        List<TimedAmount> kept = List.of();
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
        ThresholdRule.Result r = RULE.add(false, List.of(), Long.MIN_VALUE, T0, 2_000_000);
        assertTrue(r.above());
        assertTrue(r.kept().isEmpty());
    }

    @Test
    void givenDepositsOlderThanWindowPlusGrace_thenTheyArePruned() {
        ThresholdRule.Result first = RULE.add(false, List.of(), Long.MIN_VALUE, T0, 100);
        ThresholdRule.Result later = RULE.add(false, first.kept(), first.newestAtMs(), T0 + Duration.ofMinutes(13).toMillis(), 100);
        assertEquals(1, later.kept().size());
    }
}
