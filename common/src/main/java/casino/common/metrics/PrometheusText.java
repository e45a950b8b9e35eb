package casino.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): {@code # HELP}/{@code # TYPE}
 * lines, samples {@code name{label="value",...} value [timestamp]} with escaped label values. A line
 * that does not follow the format fails with its number. Used by the tests of every service's
 * {@code /metrics} (the Prometheus Java client ships writers only). Gap: no OpenMetrics extensions.
 */
public final class PrometheusText {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private PrometheusText() {}

    /** Every sample of {@code text}; throws IllegalArgumentException naming the first bad line. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            try {
                if (line.isEmpty()) continue;
                if (line.startsWith("#")) {
                    comment(line);
                } else {
                    samples.add(sample(line));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not Prometheus text (" + e.getMessage() + "): " + line);
            }
        }
        return samples;
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels} (pairs key, value). */
    public static double sum(List<Sample> samples, String name, String... labels) {
        return matching(samples, name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The samples named {@code name} whose labels include {@code labels} (pairs key, value). */
    public static List<Sample> matching(List<Sample> samples, String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) return false;
            }
            return true;
        }).toList();
    }

    private static void comment(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 2 || !parts[0].equals("#")) return; // a plain comment
        if (parts[1].equals("TYPE")) {
            if (parts.length != 4 || !METRIC.matcher(parts[2]).matches() || !TYPES.contains(parts[3])) {
                throw new IllegalArgumentException("malformed TYPE");
            }
        } else if (parts[1].equals("HELP")) {
            if (parts.length < 3 || !METRIC.matcher(parts[2]).matches()) throw new IllegalArgumentException("malformed HELP");
        }
    }

    private static Sample sample(String line) {
        int pos = 0;
        while (pos < line.length() && line.charAt(pos) != '{' && line.charAt(pos) != ' ') pos++;
        String name = line.substring(0, pos);
        if (!METRIC.matcher(name).matches()) throw new IllegalArgumentException("bad metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (pos < line.length() && line.charAt(pos) == '{') {
            pos++;
            while (line.charAt(pos) != '}') {
                int eq = line.indexOf('=', pos);
                String label = line.substring(pos, eq);
                if (!LABEL.matcher(label).matches()) throw new IllegalArgumentException("bad label name");
                if (line.charAt(eq + 1) != '"') throw new IllegalArgumentException("label value not quoted");
                StringBuilder value = new StringBuilder();
                int p = eq + 2;
                for (; line.charAt(p) != '"'; p++) {
                    char c = line.charAt(p);
                    if (c == '\\') {
                        char next = line.charAt(++p);
                        value.append(switch (next) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException("bad escape");
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) throw new IllegalArgumentException("label twice");
                pos = p + 1;
                if (line.charAt(pos) == ',') pos++;
                else if (line.charAt(pos) != '}') throw new IllegalArgumentException("expected , or }");
            }
            pos++;
        }
        if (pos >= line.length() || line.charAt(pos) != ' ') throw new IllegalArgumentException("no value");
        String[] rest = line.substring(pos + 1).trim().split(" ");
        if (rest.length > 2) throw new IllegalArgumentException("trailing text");
        double value = number(rest[0]);
        if (rest.length == 2) Long.parseLong(rest[1]);
        return new Sample(name, Map.copyOf(labels), value);
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!NUMBER.matcher(s).matches()) throw new IllegalArgumentException("bad value '" + s + "'");
                yield Double.parseDouble(s);
            }
        };
    }
}
