package casino.cli.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The series selectors of a PromQL expression, found by a small tokenizer: each metric name with the
 * label names its matchers use and the values of its equality matchers. It skips strings, numbers and
 * durations, range and subquery brackets, Grafana variables ({@code $__rate_interval}, {@code ${x}}),
 * keywords, every identifier followed by {@code (} (functions, aggregations) and the label lists of
 * {@code by}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}.
 * Known gaps: selectors by {@code {__name__="..."}} alone are not reported; a metric named like a
 * keyword ({@code sum}, {@code bool}, ...) would be taken for the keyword; no syntax is validated.
 */
final class PromQl {
    /** One selector: {@code metric{label="value", other=~"..."}}; {@code equals} holds the {@code =} matchers. */
    record Selector(String metric, Set<String> labels, Map<String, String> equals) {}

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk",
            "bottomk", "quantile", "count_values", "group", "limitk", "limit_ratio", "inf", "nan", "start", "end");
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

    private enum Kind { IDENT, STRING, PUNCT }

    private record Token(Kind kind, String text) {}

    private PromQl() {}

    /** Every selector with a metric name in {@code expr}, in order of appearance. */
    static List<Selector> selectors(String expr) {
        List<Token> tokens = tokens(expr);
        List<Selector> found = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() != Kind.IDENT) continue;
            boolean call = is(tokens, i + 1, "(");
            if (GROUPING.contains(t.text()) && call) {
                i = closing(tokens, i + 1, "(", ")");
            } else if (!call && !KEYWORDS.contains(t.text().toLowerCase(java.util.Locale.ROOT))) {
                Set<String> labels = new LinkedHashSet<>();
                Map<String, String> equals = new LinkedHashMap<>();
                if (is(tokens, i + 1, "{")) i = matchers(tokens, i + 1, labels, equals, expr);
                found.add(new Selector(t.text(), labels, equals));
            } else if (is(tokens, i + 1, "{")) {
                i = closing(tokens, i + 1, "{", "}");
            }
        }
        return found;
    }

    /** The metric names of {@code expr}. */
    static Set<String> metrics(String expr) {
        Set<String> names = new LinkedHashSet<>();
        selectors(expr).forEach(s -> names.add(s.metric()));
        return names;
    }

    /** The labels of every {@code by}, {@code without}, {@code on}, ... list of {@code expr}. */
    static Set<String> groupingLabels(String expr) {
        List<Token> tokens = tokens(expr);
        Set<String> labels = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).kind() != Kind.IDENT || !GROUPING.contains(tokens.get(i).text()) || !is(tokens, i + 1, "(")) continue;
            int end = closing(tokens, i + 1, "(", ")");
            for (int j = i + 2; j < end; j++) {
                if (tokens.get(j).kind() == Kind.IDENT) labels.add(tokens.get(j).text());
            }
            i = end;
        }
        return labels;
    }

    private static int matchers(List<Token> tokens, int open, Set<String> labels, Map<String, String> equals, String expr) {
        int i = open + 1;
        while (i < tokens.size() && !is(tokens, i, "}")) {
            if (is(tokens, i, ",")) {
                i++;
                continue;
            }
            if (i + 2 >= tokens.size() || tokens.get(i).kind() != Kind.IDENT || tokens.get(i + 2).kind() != Kind.STRING) {
                throw new IllegalArgumentException("not a label matcher at token " + i + " of: " + expr);
            }
            String label = tokens.get(i).text();
            labels.add(label);
            if (is(tokens, i + 1, "=")) equals.put(label, tokens.get(i + 2).text());
            i += 3;
        }
        if (i >= tokens.size()) throw new IllegalArgumentException("unclosed { in: " + expr);
        return i;
    }

    private static boolean is(List<Token> tokens, int i, String punct) {
        return i < tokens.size() && tokens.get(i).kind() == Kind.PUNCT && tokens.get(i).text().equals(punct);
    }

    private static int closing(List<Token> tokens, int open, String opener, String closer) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (is(tokens, i, opener)) depth++;
            if (is(tokens, i, closer) && --depth == 0) return i;
        }
        throw new IllegalArgumentException("unclosed " + opener);
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && c != '`' && j + 1 < s.length()) j++;
                    text.append(s.charAt(j++));
                }
                if (j >= s.length()) throw new IllegalArgumentException("unclosed string in: " + s);
                out.add(new Token(Kind.STRING, text.toString()));
                i = j + 1;
            } else if (c == '[') {
                int j = s.indexOf(']', i); // a range or subquery: durations and variables only
                if (j < 0) throw new IllegalArgumentException("unclosed [ in: " + s);
                i = j + 1;
            } else if (c == '$') {
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '{') {
                    j = s.indexOf('}', j) + 1;
                    if (j == 0) throw new IllegalArgumentException("unclosed ${ in: " + s);
                } else {
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                }
                i = j; // a Grafana variable stands for a value, never a metric
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int j = i + 1; // a number or a duration (5m, 1h30m, 1e3)
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) j++;
                i = j;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == ':')) j++;
                out.add(new Token(Kind.IDENT, s.substring(i, j)));
                i = j;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                String op = Set.of("=~", "!~", "!=", "==", ">=", "<=").contains(two) ? two : String.valueOf(c);
                out.add(new Token(Kind.PUNCT, op));
                i += op.length();
            }
        }
        return out;
    }
}
