package casino.wallet.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** History keys sort like (wallet, time, refno): fixed-width numbers, times clamped to the key's range. */
class HistoryKeysTest {

    @Test
    void givenTimesAndRefnos_thenKeysAreZeroPaddedToFixedWidths() {
        assertEquals("w-1/001700000000000/000000000007", HistoryKeys.entry("w-1", 1_700_000_000_000L, 7));
        assertEquals("w/000000000000000/000000000000", HistoryKeys.entry("w", -5, 0));
        assertEquals("w/999999999999999/999999999999", HistoryKeys.entry("w", Long.MAX_VALUE, HistoryKeys.MAX_REFNO));
        assertEquals("w/000000000000000/000000000000", HistoryKeys.lower("w", 0));
        assertEquals("w/000000000000010/999999999999", HistoryKeys.upper("w", 10));
    }

    @Test
    void givenEntriesInRefnoOrder_thenTheirKeysSortInTheSameOrder() {
        String earlier = HistoryKeys.entry("w", 999, 9);
        String later = HistoryKeys.entry("w", 1_000, 10);
        assertTrue(earlier.compareTo(later) < 0);
        assertTrue(HistoryKeys.entry("w", 1_000, 9).compareTo(HistoryKeys.entry("w", 1_000, 10)) < 0);
    }
}
