package casino.reporting.time;

import java.time.Instant;

/**
 * The times reporting accepts, in query parameters and in mirrored events: years 0001 to 9999 (UTC),
 * well inside what Postgres {@code timestamptz} holds (4713 BC to 294276 AD) and what ISO-8601 writes
 * with four-digit years. A time outside is a 400 naming its parameter, or a dead letter naming its field.
 */
public final class TimeRange {
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private TimeRange() {}

    public static boolean contains(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }
}
