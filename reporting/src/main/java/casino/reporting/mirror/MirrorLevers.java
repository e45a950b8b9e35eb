package casino.reporting.mirror;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The mirror's speed levers, each on by default. The benchmark switches them one by one (system property
 * {@code reporting.mirror.levers}: a comma list of the levers on, {@code none} for the code before issue 26)
 * to measure what each pays in the same run; the service never needs it.
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
    public static final MirrorLevers NONE = new MirrorLevers(false, false, false, false, false);

    /** From {@link #PROPERTY}; all levers when unset. */
    public static MirrorLevers fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        return value == null || value.isBlank() ? ALL : parse(value);
    }

    static MirrorLevers parse(String value) {
        Set<String> on = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        if (on.contains("all")) return ALL;
        return new MirrorLevers(on.contains("skip"), on.contains("copy"), on.contains("binary"), on.contains("partitions"),
                on.contains("decode"));
    }
}
