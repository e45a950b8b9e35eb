package casino.materializer.aggregate;

import casino.common.event.EventReader;
import casino.common.event.IgnoredFields;
import casino.common.event.InvalidEventException;

/**
 * Reads one enriched record's value into what the aggregates count, or rejects it with the reason:
 * common's {@link EventReader} (the one reader of casino events, checked against the shared table
 * {@code UpstreamEvents.CASES}), then the materializer's rules ({@link Counted#of}).
 */
@FunctionalInterface
public interface EventParser {
    /** @throws InvalidEventException malformed JSON, a value over 64 KiB, or a broken field rule (that field) */
    Counted parse(byte[] value);

    /** {@link EventReader} reporting nothing. */
    EventParser READER = reader(IgnoredFields.NONE);

    /** {@link EventReader}, reporting the fields an event's type does not use (dropped) to {@code ignored}. */
    static EventParser reader(IgnoredFields ignored) {
        return value -> Counted.of(EventReader.read(value, ignored));
    }
}
