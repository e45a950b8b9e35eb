package casino.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Entry ids carry their refno (no index needed to find an entry) and stay distinct across wallets. */
class EntryIdTest {

    @Test
    void givenAWalletAndARefno_thenTheIdIsAVersion8UuidThatGivesTheRefnoBack() {
        for (long refno : new long[] {1, 2, 255, 1L << 32, (1L << EntryId.REFNO_BITS) - 1}) {
            String id = EntryId.of("w-1", refno);
            assertEquals(8, UUID.fromString(id).version());
            assertEquals(2, UUID.fromString(id).variant());
            assertEquals(OptionalLong.of(refno), EntryId.refno(id));
            assertEquals(id, EntryId.of("w-1", refno), "the same on every replay");
        }
    }

    @Test
    void givenManyWalletsAndRefnos_thenNoTwoIdsAreEqual() {
        Set<String> ids = new HashSet<>();
        for (int w = 0; w < 2_000; w++) {
            for (long refno = 1; refno <= 50; refno++) ids.add(EntryId.of("wallet-" + w, refno));
        }
        assertEquals(100_000, ids.size());
        assertNotEquals(EntryId.of("a", 1), EntryId.of("b", 1));
    }

    @Test
    void givenAnIdOfAnotherShape_thenItCarriesNoRefno() {
        String older = UUID.nameUUIDFromBytes("w-1/1".getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(OptionalLong.empty(), EntryId.refno(older), "a version-3 id of the earlier layout");
        assertEquals(OptionalLong.empty(), EntryId.refno(UUID.randomUUID().toString()));
        assertEquals(OptionalLong.empty(), EntryId.refno("not-a-uuid"));
    }
}
