package casino.common.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic with everything needed to use it: name, serdes and partition count. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions) {

    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde);
    }

    public Produced<K, V> produced() {
        return Produced.with(keySerde, valueSerde);
    }

    public Topic<K, V> withPartitions(int n) {
        return new Topic<>(name, keySerde, valueSerde, n);
    }
}
