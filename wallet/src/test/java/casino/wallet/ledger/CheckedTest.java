package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The ledger's one arithmetic helper at the edges of a long. */
class CheckedTest {
    @Test
    void givenTheEdgesOfALong_thenEmptyInsteadOfAWrappedResult() {
        assertEquals(OptionalLong.of(Long.MAX_VALUE), Checked.add(Long.MAX_VALUE - 1, 1));
        assertEquals(OptionalLong.empty(), Checked.add(Long.MAX_VALUE, 1));
        assertEquals(OptionalLong.empty(), Checked.add(Long.MIN_VALUE, -1));
        assertEquals(OptionalLong.of(-6), Checked.multiply(-3, 2));
        assertEquals(OptionalLong.empty(), Checked.multiply(Long.MAX_VALUE / 2 + 1, 2));
        assertEquals(OptionalLong.empty(), Checked.multiply(Long.MIN_VALUE, -1));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), Checked.multiply(Long.MIN_VALUE / 2, 2));
        assertEquals(OptionalLong.of(500), Checked.exact(new BigDecimal("500.00")));
        assertEquals(OptionalLong.empty(), Checked.exact(new BigDecimal("0.5")));
        assertEquals(OptionalLong.empty(), Checked.exact(new BigDecimal("1e19")));
    }
}
