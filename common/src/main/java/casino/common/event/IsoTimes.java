package casino.common.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The fast path of {@link EventReader#parseTime}: the shapes producers write
 * ({@code yyyy-MM-ddTHH:mm:ss}, 1-9 fraction digits, then nothing, {@code Z}, {@code ±HH:MM},
 * {@code ±HHMM} or {@code ±HH}) read by position, without a {@code DateTimeFormatter}. It answers
 * only what the formatter path would answer the same way: anything else, or anything
 * {@code java.time} refuses, is {@code null}, and the caller then takes the formatter path, which
 * decides (a differential test holds the two to the same answers).
 */
final class IsoTimes {
    private IsoTimes() {}

    /** The instant in {@code s}, or {@code null} when the formatter path must decide. */
    static Instant fast(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        int i = 19, nano = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 10 && isDigit(s.charAt(i))) nano = nano * 10 + (s.charAt(i++) - '0');
            int count = i - start;
            if (count == 0 || count > 9) return null;
            for (int k = count; k < 9; k++) nano *= 10;
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (s.charAt(i) == 'Z' && i + 1 == n) {
            offsetSeconds = 0;
        } else if (s.charAt(i) == '+' || s.charAt(i) == '-') {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int rest = n - i - 1;
            int oh = rest >= 2 ? digits(s, i + 1, 2) : -1;
            int om = switch (rest) {
                case 2 -> 0;
                case 4 -> digits(s, i + 3, 2);
                case 5 -> s.charAt(i + 3) == ':' ? digits(s, i + 4, 2) : -1;
                default -> -1;
            };
            if (oh < 0 || om < 0 || oh > 18 || om > 59) return null;
            offsetSeconds = sign * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
            return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            return null; // February 30th, hour 24, an offset past 18 h...: the formatter path decides
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
