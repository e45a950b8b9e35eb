package casino.enricher.player;

import casino.common.event.Player;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The result of one player lookup, carried on the consumed record as a header by
 * {@link PollLookupInterceptor}: player id, found or not, email and last sign-in (exact to the
 * nanosecond). Only the enricher's own consumer writes it; it is removed before anything is produced.
 */
public final class PlayerHeader {
    public static final String NAME = "casino.enricher.player-lookup";
    private static final byte MISSING = 0;
    private static final byte FOUND = 1;
    private static final long NO_SIGN_IN = Long.MIN_VALUE;

    private PlayerHeader() {}

    /** A lookup result for {@code playerId}: the row as read, or {@link Player#UNKNOWN} when there is none. */
    public record LookedUp(long playerId, Player player) {}

    /** {@code player} null = no such row. */
    public static byte[] encode(long playerId, Player player) {
        if (player == null) return ByteBuffer.allocate(9).putLong(playerId).put(MISSING).array();
        byte[] email = player.email().getBytes(StandardCharsets.UTF_8);
        Instant signedIn = player.lastSignedInAt();
        return ByteBuffer.allocate(8 + 1 + 8 + 4 + email.length).putLong(playerId).put(FOUND)
                .putLong(signedIn == null ? NO_SIGN_IN : signedIn.getEpochSecond())
                .putInt(signedIn == null ? 0 : signedIn.getNano()).put(email).array();
    }

    /** Null when the bytes are not a lookup result (the event then gets a lookup of its own). */
    public static LookedUp decode(byte[] bytes) {
        if (bytes == null || bytes.length < 9) return null;
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long id = b.getLong();
        byte found = b.get();
        if (found == MISSING && bytes.length == 9) return new LookedUp(id, Player.UNKNOWN);
        if (found != FOUND || bytes.length < 21) return null;
        long seconds = b.getLong();
        int nanos = b.getInt();
        String email = new String(bytes, 21, bytes.length - 21, StandardCharsets.UTF_8);
        return new LookedUp(id, new Player(email, seconds == NO_SIGN_IN ? null : Instant.ofEpochSecond(seconds, nanos)));
    }
}
