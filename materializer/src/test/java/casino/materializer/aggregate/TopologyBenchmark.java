package casino.materializer.aggregate;

import casino.common.json.Json;
import casino.materializer.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Figures, not assertions: the cost of the counting itself, without a broker, in events/s through
 * TopologyTestDriver, against the parser alone (common's EventReader) on the same enriched JSON.
 */
@Tag("bench")
class TopologyBenchmark {
    private static final int EVENTS = 300_000;

    @Test
    void countingCostWithoutABroker() throws Exception {
        List<byte[]> values = Fixtures.events(EVENTS, 11, 1).stream()
                .map(e -> Json.write(Fixtures.enriched(e)).getBytes(StandardCharsets.UTF_8)).toList();
        for (int round = 0; round < 3; round++) { // the first round warms the JIT up
            double reader = parseRate(EventParser.READER, values);

            StreamsBuilder builder = new StreamsBuilder();
            MaterializerTopology.build(builder, System::currentTimeMillis);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "materializer-topology-bench");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
                TestInputTopic<Long, byte[]> input = driver.createInputTopic(MaterializerRegistry.SOURCE.name(),
                        Serdes.Long().serializer(), Serdes.ByteArray().serializer());
                long start = System.nanoTime();
                for (byte[] v : values) input.pipeInput(10L, v);
                double counted = EVENTS / ((System.nanoTime() - start) / 1e9);
                System.out.printf("%nround %d: EventReader parse alone %,.0f events/s; topology (TopologyTestDriver) %,.0f events/s%n",
                        round, reader, counted);
            }
        }
    }

    private static double parseRate(EventParser parser, List<byte[]> values) {
        long start = System.nanoTime();
        long checksum = 0;
        for (byte[] v : values) checksum += parser.parse(v).playerId();
        double rate = values.size() / ((System.nanoTime() - start) / 1e9);
        if (checksum == 42) System.out.print(""); // keeps the loop from being optimised away
        return rate;
    }
}
