package casino.reporting.mirror;

import java.sql.SQLException;

/** The stored offsets are not the ones this consumer started from: another writer, or a commit whose answer was lost. */
public final class StaleOffsetsException extends SQLException {
    public StaleOffsetsException(String message) {
        super(message);
    }
}
