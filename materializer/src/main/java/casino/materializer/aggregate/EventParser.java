package casino.materializer.aggregate;

import casino.common.event.CasinoEvent;
import casino.common.event.InvalidEventException;
import casino.common.json.Json;
import java.io.IOException;

/**
 * Reads one enriched record's value into what the aggregates count, or rejects it with the reason.
 * {@link #DATABIND} binds the whole event with common's mapper (the reference); {@link StreamingEventParser}
 * reads the same verdict from a token stream and is what the topology uses.
 */
@FunctionalInterface
public interface EventParser {
    /** @throws InvalidEventException malformed JSON ({@code value}) or a broken field rule (that field) */
    Counted parse(byte[] value);

    /** The whole event bound with common's mapper ({@link CasinoEvent}), then {@link Counted#of}. */
    EventParser DATABIND = value -> {
        if (value == null) throw new InvalidEventException("value", "empty record value");
        CasinoEvent event;
        try {
            event = Json.MAPPER.readValue(value, CasinoEvent.class);
        } catch (IOException e) {
            String detail = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidEventException("value", "malformed event JSON: " + detail);
        }
        // the JSON literal null binds to no event (it used to fail the stream thread with a NullPointerException)
        if (event == null) throw new InvalidEventException("value", "event JSON is null");
        return Counted.of(event);
    };
}
