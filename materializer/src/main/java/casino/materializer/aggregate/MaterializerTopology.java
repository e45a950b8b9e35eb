package casino.materializer.aggregate;

import casino.common.kafka.Topic;
import casino.common.event.IgnoredFields;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The materializer topology: enriched events are counted per input partition into in-memory
 * stores (no changelog, no repartition); what cannot be counted goes to the dead-letter topic.
 * Aggregates are therefore partial per instance and combined at query time (see the query package).
 * Meters: {@code materializer_events_total{result=counted|dead_lettered}} (per process; a record
 * re-processed after a rebalance counts again) and {@code casino_events_fields_ignored_total{type,field}}
 * (fields an event's type does not use, dropped by common's reader). The source serdes refuse a record
 * over {@code RecordLimit}'s bound (value and headers), which Streams' deserialization handler
 * dead-letters as a stub ({@code DeadLetterHandlers}, installed by the service).
 */
public final class MaterializerTopology {
    private MaterializerTopology() {}

    /** @param arrivalClock epoch milliseconds that stamp each event's arrival (the system clock in production) */
    public static void build(StreamsBuilder builder, LongSupplier arrivalClock) {
        build(builder, MaterializerRegistry.SOURCE, arrivalClock);
    }

    /** The same topology on another source topic; its dead-letter topic is {@link MaterializerRegistry#deadLetter}. */
    public static void build(StreamsBuilder builder, Topic<byte[], byte[]> source, LongSupplier arrivalClock) {
        build(builder, source, arrivalClock, new CompositeMeterRegistry());
    }

    /** The topology with its event counters in {@code registry}. */
    public static void build(StreamsBuilder builder, Topic<byte[], byte[]> source, LongSupplier arrivalClock,
                             MeterRegistry registry) {
        Counter counted = events(registry, "counted");
        Counter deadLettered = events(registry, "dead_lettered");
        EventParser parser = EventParser.reader(IgnoredFields.counter(registry));
        build(builder, source, () -> new AggregateProcessor(arrivalClock, parser, counted, deadLettered));
    }

    /** The same topology reading events with another parser (benchmarks compare them). */
    public static void build(StreamsBuilder builder, Topic<byte[], byte[]> source, LongSupplier arrivalClock, EventParser parser) {
        MeterRegistry none = new CompositeMeterRegistry();
        Counter counted = events(none, "counted");
        Counter deadLettered = events(none, "dead_lettered");
        build(builder, source, () -> new AggregateProcessor(arrivalClock, parser, counted, deadLettered));
    }

    /** The same topology with another counting processor, one per task (benchmarks compare earlier versions). */
    public static void build(StreamsBuilder builder, Topic<byte[], byte[]> source,
                             Supplier<Processor<byte[], byte[], byte[], byte[]>> processors) {
        Topic<byte[], byte[]> dlq = MaterializerRegistry.deadLetter(source);
        builder.stream(source.name(), source.consumed())
                // counts into the stores; emits only the records that go to the dead-letter topic
                .process(new ProcessorSupplier<byte[], byte[], byte[], byte[]>() {
                    @Override
                    public Processor<byte[], byte[], byte[], byte[]> get() {
                        return processors.get();
                    }

                    @Override
                    public Set<StoreBuilder<?>> stores() {
                        return Set.of(MaterializerRegistry.partitionCounts(), MaterializerRegistry.perSecond(),
                                MaterializerRegistry.players());
                    }
                })
                .to(dlq.name(), dlq.produced());
    }

    private static Counter events(MeterRegistry registry, String result) {
        return Counter.builder("materializer.events").description("events consumed by the materializer, by result")
                .tag("result", result).register(registry);
    }
}
