package casino.enricher.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.event.CasinoEvent;
import casino.common.event.EventType;
import casino.common.json.Json;
import casino.infra.UpstreamEvents;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.LongSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line of common's table of upstream JSON ({@link UpstreamEvents#CASES}) through the whole topology. */
class EnricherUpstreamTest {
    /** EUR cents of each case at the rates below (GBP 0.85, USD 1.0684; 0 stays 0). */
    private static final Map<String, Long> EUR_CENTS = Map.of(
            "Go deposit with a game and a win", 2352L, "Go bet whose amount 0 is omitted", 0L,
            "Go deposit whose amount 0 is omitted", 0L, "Go winning bet", 468L, "seed 000's deposit", 10000L);

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private EnricherDriver fixture;

    @BeforeEach
    void start() {
        Map<String, BigDecimal> rates = Map.of("USD", new BigDecimal("1.0684"), "GBP", new BigDecimal("0.85"),
                "NZD", new BigDecimal("1.8"), "BTC", new BigDecimal("0.00002"), "EUR", BigDecimal.ONE);
        fixture = new EnricherDriver(stateDir, 1, rates, new AtomicBoolean(), new AtomicLong(1), new ByteArrayOutputStream(),
                new EnricherStats(registry));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void givenEveryUpstreamLineOfTheTable_whenConsumed_thenEachIsEnrichedWithExactlyTheFieldsItsTypeUsesAndNoneIsDeadLettered()
            throws Exception {
        for (UpstreamEvents.Case c : UpstreamEvents.CASES) {
            fixture.rawEvents.pipeInput(new LongSerializer().serialize("t", 10L), c.json().getBytes(StandardCharsets.UTF_8));
        }

        assertTrue(fixture.deadLetters.isEmpty(), "nothing dead-lettered");
        List<byte[]> out = fixture.rawEnriched.readValuesToList();
        assertEquals(UpstreamEvents.CASES.size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            UpstreamEvents.Case c = UpstreamEvents.CASES.get(i);
            CasinoEvent expected = c.expected();
            JsonNode json = Json.MAPPER.readTree(out.get(i));
            assertEquals(keys(expected), fieldNames(json), c.name());
            CasinoEvent e = Json.MAPPER.readValue(out.get(i), CasinoEvent.class);
            CasinoEvent raw = new CasinoEvent(e.id(), e.playerId(), e.gameId(), e.type(), e.amount(), e.currency(), e.hasWon(),
                    e.createdAt(), null, null, null);
            assertEquals(withMillis(expected), raw, c.name());
            if (expected.type().hasAmount()) assertEquals(EUR_CENTS.get(c.name()), e.amountEur(), c.name());
            String description = e.description();
            if (expected.type() == EventType.DEPOSIT) assertFalse(description.contains("game"), description);
            if (!expected.type().hasAmount()) assertFalse(description.matches(".*(EUR|USD|BTC|GBP|NZD|won).*"), description);
        }
        assertEquals(expectedIgnored(), ignoredCounts());
    }

    @Test
    void givenTheGoGeneratorsStream_whenConsumed_thenEveryEventIsEnrichedAndTheIgnoredFieldsAreCountedNotDeadLettered() {
        List<String> lines = UpstreamEvents.goGenerator(7, 400, 1);
        for (String line : lines) fixture.rawEvents.pipeInput(new LongSerializer().serialize("t", 10L), line.getBytes(StandardCharsets.UTF_8));
        assertTrue(fixture.deadLetters.isEmpty(), "nothing dead-lettered");
        assertEquals(lines.size(), fixture.enriched.readValuesToList().size());
        Map<String, Double> counted = ignoredCounts();
        assertTrue(counted.getOrDefault("game_start/amount", 0.0) > 0 && counted.getOrDefault("deposit/game_id", 0.0) > 0, counted::toString);
    }

    @Test
    void givenADepositWhoseEurAmountDoesNotFitALong_whenConsumed_thenItIsDeadLetteredAndTheNextEventIsEnriched() {
        String huge = "{\"id\":1,\"player_id\":10,\"type\":\"deposit\",\"amount\":" + Long.MAX_VALUE
                + ",\"currency\":\"GBP\",\"created_at\":\"2022-01-01T00:00:00Z\"}";
        fixture.rawEvents.pipeInput(new LongSerializer().serialize("t", 10L), huge.getBytes(StandardCharsets.UTF_8));
        fixture.rawEvents.pipeInput(new LongSerializer().serialize("t", 10L), UpstreamEvents.CASES.get(0).json().getBytes(StandardCharsets.UTF_8));
        var dead = fixture.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        String reason = casino.common.kafka.DeadLetter.header(dead.get(0).headers(), casino.common.kafka.DeadLetter.REASON);
        assertTrue(reason.startsWith(Rejection.AMOUNT_OUT_OF_RANGE + ": "), reason);
        assertEquals(1, fixture.enriched.readValuesToList().size(), "the stream goes on");
    }

    /** The keys the enriched JSON of {@code e} has: its own, then amount_eur on bets and deposits, player and description. */
    private static Set<String> keys(CasinoEvent e) throws Exception {
        Set<String> keys = fieldNames(Json.MAPPER.readTree(Json.write(e)));
        if (e.type().hasAmount()) keys.add("amount_eur");
        keys.add("player");
        keys.add("description");
        return keys;
    }

    private static Set<String> fieldNames(JsonNode n) {
        Set<String> keys = new LinkedHashSet<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** The enriched event's time is written to the millisecond. */
    private static CasinoEvent withMillis(CasinoEvent e) {
        return new CasinoEvent(e.id(), e.playerId(), e.gameId(), e.type(), e.amount(), e.currency(), e.hasWon(),
                e.createdAt().truncatedTo(ChronoUnit.MILLIS), null, null, null);
    }

    private static Map<String, Double> expectedIgnored() {
        Map<String, Double> m = new TreeMap<>();
        for (UpstreamEvents.Case c : UpstreamEvents.CASES) {
            for (String f : c.ignored()) m.merge(c.expected().type().wireName() + "/" + f, 1.0, Double::sum);
        }
        return m;
    }

    private Map<String, Double> ignoredCounts() {
        Map<String, Double> m = new TreeMap<>();
        for (Counter counter : registry.find("casino.events.fields.ignored").counters()) {
            m.put(counter.getId().getTag("type") + "/" + counter.getId().getTag("field"), counter.count());
        }
        return m;
    }
}
