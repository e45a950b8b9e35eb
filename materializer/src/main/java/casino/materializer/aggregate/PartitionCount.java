package casino.materializer.aggregate;

/** Events counted on one input partition, and when (arrival clock, ms) the first of them arrived. */
public record PartitionCount(long events, long firstArrivalMs) {
    public PartitionCount plusOne() {
        return new PartitionCount(events + 1, firstArrivalMs);
    }
}
