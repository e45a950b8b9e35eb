package casino.materializer.aggregate;

import casino.common.event.CasinoEvent;
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
 * TopologyTestDriver, against parsing and validating the same JSON alone (the floor of any consumer).
 */
@Tag("bench")
class TopologyBenchmark {
    private static final int EVENTS = 300_000;

    @Test
    void countingCostWithoutABroker() throws Exception {
        List<byte[]> values = Fixtures.events(EVENTS, 11, 1).stream()
                .map(e -> Json.write(e).getBytes(StandardCharsets.UTF_8)).toList();
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long start = System.nanoTime();
            long checksum = 0;
            for (byte[] v : values) checksum += Json.MAPPER.readValue(v, CasinoEvent.class).validate().playerId();
            double parse = EVENTS / ((System.nanoTime() - start) / 1e9);

            StreamsBuilder builder = new StreamsBuilder();
            MaterializerTopology.build(builder, System::currentTimeMillis);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "materializer-topology-bench");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
                TestInputTopic<Long, byte[]> input = driver.createInputTopic(MaterializerRegistry.SOURCE.name(),
                        Serdes.Long().serializer(), Serdes.ByteArray().serializer());
                start = System.nanoTime();
                for (byte[] v : values) input.pipeInput(10L, v);
                double counted = EVENTS / ((System.nanoTime() - start) / 1e9);
                System.out.printf("%nround %d: parse+validate alone %,.0f events/s; topology (TopologyTestDriver) %,.0f events/s"
                        + " (%.2f x the parse) [checksum %d]%n", round, parse, counted, counted / parse, checksum);
            }
        }
    }
}
