package casino.wallet.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The id of a wallet's entry, derived from (wallet, refno) so that the ledger finds an entry by its id
 * without an index: a version-8 UUID holding 82 bits of the wallet id's MD5 and the refno in its last 40
 * bits. Two wallets' ids collide only if 82 bits of their hashes do. Entries written before this layout
 * (name-based version-3 UUIDs of "wallet/refno") carry no refno: {@link #refno} is empty for them.
 */
public final class EntryId {
    static final int REFNO_BITS = 40;
    private static final long REFNO_MASK = (1L << REFNO_BITS) - 1;
    private static final long HASH_LOW_MASK = (1L << (62 - REFNO_BITS)) - 1;

    private EntryId() {}

    public static String of(String walletId, long refno) {
        if (refno < 0 || refno > REFNO_MASK) throw new IllegalArgumentException("refno out of range: " + refno);
        byte[] hash = md5(walletId);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) high = (high << 8) | (hash[i] & 0xff);
        for (int i = 8; i < 16; i++) low = (low << 8) | (hash[i] & 0xff);
        long msb = (high & ~0xF000L) | 0x8000L; // version 8: custom layout
        long lsb = (2L << 62) | ((low & HASH_LOW_MASK) << REFNO_BITS) | refno; // variant 10, hash, refno
        return new UUID(msb, lsb).toString();
    }

    /** The refno an id of {@link #of} carries, empty for any other string (an older id, not a UUID). */
    public static OptionalLong refno(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        if (uuid.version() != 8 || uuid.variant() != 2) return OptionalLong.empty();
        return OptionalLong.of(uuid.getLeastSignificantBits() & REFNO_MASK);
    }

    private static byte[] md5(String walletId) {
        try {
            return MessageDigest.getInstance("MD5").digest(walletId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
