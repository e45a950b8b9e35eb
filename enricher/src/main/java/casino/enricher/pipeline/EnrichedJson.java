package casino.enricher.pipeline;

import casino.common.event.CasinoEvent;
import casino.common.event.Player;
import casino.common.json.Json;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an enriched event as exactly the bytes {@code Json.MAPPER} writes for it (same keys, order,
 * omitted nulls, instants as {@code 2022-01-10T12:34:56.789Z}, same escaping), but with a streaming
 * generator instead of the reflective bean serialiser: the output step is the enricher's hottest
 * code. {@code EnrichedJsonTest} holds it byte-equal to the mapper on random events.
 */
final class EnrichedJson {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();
    /** Instants of years 1 to 9999 are formatted here; others (never seen in practice) by common's formatter. */
    private static final long MIN_FAST = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long MAX_FAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    private EnrichedJson() {}

    static byte[] write(CasinoEvent e) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator g = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (e.id() != null) g.writeNumberField("id", e.id());
            if (e.playerId() != null) g.writeNumberField("player_id", e.playerId());
            if (e.gameId() != null) g.writeNumberField("game_id", e.gameId());
            if (e.type() != null) g.writeStringField("type", e.type().wireName());
            if (e.amount() != null) g.writeNumberField("amount", e.amount());
            if (e.currency() != null) g.writeStringField("currency", e.currency());
            if (e.hasWon() != null) g.writeBooleanField("has_won", e.hasWon());
            if (e.createdAt() != null) g.writeStringField("created_at", instant(e.createdAt()));
            if (e.amountEur() != null) g.writeNumberField("amount_eur", e.amountEur());
            Player p = e.player();
            if (p != null) {
                g.writeObjectFieldStart("player");
                if (p.email() != null) g.writeStringField("email", p.email());
                if (p.lastSignedInAt() != null) g.writeStringField("last_signed_in_at", instant(p.lastSignedInAt()));
                g.writeEndObject();
            }
            if (e.description() != null) g.writeStringField("description", e.description());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write event " + e.id(), ex);
        }
        return bytes.toByteArray();
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, the fraction truncated to milliseconds, as {@link Json#formatInstant}. */
    static String instant(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_FAST || seconds > MAX_FAST) return Json.formatInstant(t);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        char[] c = new char[24];
        digits(c, 0, date.getYear(), 4);
        c[4] = '-';
        digits(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, secondOfDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, secondOfDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, secondOfDay % 60, 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
