package casino.common.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where {@link EventReader} reports a field it dropped because the event's type does not use it (an
 * amount on a game_start, a game on a deposit, a win on anything but a bet), as upstream producers
 * that set every field on every type write them. Counted, never logged per event.
 */
@FunctionalInterface
public interface IgnoredFields {
    IgnoredFields NONE = (type, field) -> {};

    void ignored(EventType type, String field);

    /** Counts into {@code casino_events_fields_ignored_total{type,field}} of {@code registry}. */
    static IgnoredFields counter(MeterRegistry registry) {
        return (type, field) -> Counter.builder("casino.events.fields.ignored")
                .description("fields of casino events dropped because their type does not use them")
                .tags("type", type.wireName(), "field", field).register(registry).increment();
    }
}
