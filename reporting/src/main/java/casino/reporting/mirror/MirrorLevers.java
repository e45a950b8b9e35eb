package casino.reporting.mirror;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mirror's speed levers of issue 26. The benchmark switches them one by one (system property
 * {@code reporting.mirror.levers}: a comma list of the levers on; {@code none} is the code before issue 26,
 * {@code kept} the service's default, {@link #KEPT}) to measure what each pays in the same run. Only
 * skipping outcomes paid beyond the noise of the shared machine (reporting/README, Benchmark): the others
 * stay off unless switched on here.
 *
 * @param skipOutcomes records whose {@code event-type} header says Outcome/Outcomes are passed before decoding
 * @param copyAll      wallets by COPY; void marks and balances by COPY into a temporary table and one UPDATE ... FROM
 * @param binaryCopy   entries by binary COPY instead of CSV
 * @param perPartition one writer (and one transaction) per partition, writing in parallel
 * @param decodeInWriter the consumer thread only reads; each writer decodes its batch (protobuf, mapping) before writing it
 */
public record MirrorLevers(boolean skipOutcomes, boolean copyAll, boolean binaryCopy, boolean perPartition,
                           boolean decodeInWriter) {
    public static final String PROPERTY = "reporting.mirror.levers";
    public static final MirrorLevers ALL = new MirrorLevers(true, true, true, true, true);
    /** What the service runs: the levers that paid. */
    public static final MirrorLevers KEPT = new MirrorLevers(true, false, false, false, false);
    public static final MirrorLevers NONE = new MirrorLevers(false, false, false, false, false);

    /** From {@link #PROPERTY}; {@link #KEPT} when unset. */
    public static MirrorLevers fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? KEPT : parse(value);
    }

    static MirrorLevers parse(String value) {
        Set<String> on = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (on.contains("all")) return ALL;
        if (on.contains("kept")) return KEPT;
        return new MirrorLevers(on.contains("skip"), on.contains("copy"), on.contains("binary"), on.contains("partitions"),
                on.contains("decode"));
    }
}
