package casino.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import casino.common.config.Config;
import casino.common.event.CasinoEvent;
import casino.common.kafka.Topics;
import casino.infra.TestInfra;
import casino.infra.TopicReader;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The generator against the real in-process broker. */
class GeneratorIT {

    @Test
    void givenCountAndSeed_whenTheGeneratorRunsTwice_thenEveryEventArrivesAndTheSequenceRepeats() {
        Config config = TestInfra.config(Map.of("GENERATOR_PORT", "0"));

        assertEquals(0, GeneratorMain.run(new String[] {"--count", "1000", "--seed", "7", "--max"}, config, System.err));
        List<ConsumerRecord<Long, CasinoEvent>> first = consumeAll(1000);

        assertEquals(1000, first.size());
        Map<Integer, Long> lastIdPerPartition = new HashMap<>();
        for (ConsumerRecord<Long, CasinoEvent> r : first) {
            CasinoEvent e = r.value().validate(); // per-type field rules
            assertEquals(e.playerId(), r.key(), "key is player_id");
            Long previous = lastIdPerPartition.put(r.partition(), e.id());
            assertTrue(previous == null || e.id() > previous, "ids strictly increasing in partition " + r.partition());
        }
        List<CasinoEvent> firstById = first.stream().map(ConsumerRecord::value)
                .sorted(Comparator.comparing(CasinoEvent::id)).toList();
        long firstId = firstById.get(0).id();
        for (int i = 0; i < firstById.size(); i++) assertEquals(firstId + i, firstById.get(i).id(), "ids are consecutive");

        // a restart with the same seed: ids continue, types and players repeat
        assertEquals(0, GeneratorMain.run(new String[] {"--count", "1000", "--seed", "7", "--max"}, config, System.err));
        List<CasinoEvent> both = consumeAll(2000).stream().map(ConsumerRecord::value)
                .sorted(Comparator.comparing(CasinoEvent::id)).toList();
        assertEquals(2000, both.size());
        List<CasinoEvent> second = both.subList(1000, 2000);
        assertEquals(firstId + 1000, second.get(0).id(), "ids continue across restarts");
        for (int i = 0; i < 1000; i++) {
            assertEquals(firstById.get(i).type(), second.get(i).type(), "type of event " + i);
            assertEquals(firstById.get(i).playerId(), second.get(i).playerId(), "player of event " + i);
            assertEquals(firstById.get(i).amount(), second.get(i).amount(), "amount of event " + i);
        }
    }

    private static List<ConsumerRecord<Long, CasinoEvent>> consumeAll(int expected) {
        List<ConsumerRecord<Long, CasinoEvent>> records = TopicReader.fromStart(Topics.CASINO_EVENTS.name(),
                Topics.CASINO_EVENTS.keySerde().deserializer(), Topics.CASINO_EVENTS.valueSerde().deserializer(), expected,
                Duration.ofSeconds(60));
        assertEquals(expected, records.size(), "records on " + Topics.CASINO_EVENTS.name());
        return records;
    }
}
