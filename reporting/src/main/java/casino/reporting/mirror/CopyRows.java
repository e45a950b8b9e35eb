package casino.reporting.mirror;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bytes of one {@code COPY ... FROM STDIN}, built in memory and sent in one go: either Postgres'
 * binary format (a header, then per row the field count and each field as length + value; numeric,
 * timestamptz and jsonb in their wire form, so Postgres parses no text) or CSV (fields quoted, quotes
 * doubled, an unquoted empty field is NULL).
 */
final class CopyRows {
    private static final byte[] BINARY_HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /** Microseconds from the Unix epoch to Postgres' epoch, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private byte[] buf;
    private int size;

    CopyRows(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    static CopyRows binary(int rows) {
        CopyRows r = new CopyRows(rows * 320);
        r.bytes(BINARY_HEADER);
        return r;
    }

    /** Sends the rows as the data of {@code copySql} (on the transaction of {@code c}); binary rows get their trailer. */
    void copyIn(Connection c, String copySql, boolean binary) throws SQLException {
        if (binary) int16(-1);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(buf, 0, size);
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
    }

    // ---- binary

    void row(int fields) {
        int16(fields);
    }

    void text(String s) {
        if (s == null) {
            int32(-1);
            return;
        }
        int at = size;
        int32(0);
        utf8(s);
        putInt(at, size - at - 4);
    }

    void int8(long v) {
        int32(8);
        int64(v);
    }

    void timestamptz(Instant t) {
        int32(8);
        int64(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000) - PG_EPOCH_MICROS);
    }

    /** jsonb: version 1, then the JSON text. */
    void jsonb(String json) {
        int at = size;
        int32(0);
        ensure(1);
        buf[size++] = 1;
        utf8(json);
        putInt(at, size - at - 4);
    }

    /** numeric: digit count, weight, sign, display scale, then base-10000 digits from the most significant. */
    void numeric(BigDecimal value) {
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        int scale = v.scale();
        int padded = (scale + 3) / 4 * 4; // fraction digits, padded to whole base-10000 digits
        BigInteger unscaled = v.unscaledValue().abs();
        if (padded > scale) unscaled = unscaled.multiply(BigInteger.TEN.pow(padded - scale));
        short[] digits = new short[8];
        int n = 0;
        if (unscaled.bitLength() < 63) {
            for (long u = unscaled.longValue(); u != 0; u /= 10_000) {
                if (n == digits.length) digits = Arrays.copyOf(digits, n * 2);
                digits[n++] = (short) (u % 10_000);
            }
        } else {
            BigInteger base = BigInteger.valueOf(10_000);
            for (BigInteger u = unscaled; u.signum() != 0; ) {
                BigInteger[] qr = u.divideAndRemainder(base);
                if (n == digits.length) digits = Arrays.copyOf(digits, n * 2);
                digits[n++] = qr[1].shortValue();
                u = qr[0];
            }
        }
        // digits[0] is the least significant; the most significant is at weight (n - 1 - padded / 4)
        int low = 0;
        while (low < n && digits[low] == 0) low++; // trailing zero digits are implied by the display scale
        int count = n - low;
        int32(8 + 2 * count);
        int16(count);
        int16(count == 0 ? 0 : n - 1 - padded / 4);
        int16(v.signum() < 0 ? 0x4000 : 0);
        int16(scale);
        for (int i = n - 1; i >= low; i--) int16(digits[i]);
    }

    // ---- CSV

    CopyRows csv(String s) {
        if (s == null) return this; // unquoted empty: NULL
        ensure(2);
        buf[size++] = '"';
        int from = size;
        utf8(s);
        for (int i = from; i < size; i++) {
            if (buf[i] == '"') { // rare: double it
                ensure(1);
                System.arraycopy(buf, i, buf, i + 1, size - i);
                size++;
                i++;
            }
        }
        ensure(1);
        buf[size++] = '"';
        return this;
    }

    CopyRows raw(String s) {
        utf8(s);
        return this;
    }

    CopyRows comma() {
        ensure(1);
        buf[size++] = ',';
        return this;
    }

    CopyRows newline() {
        ensure(1);
        buf[size++] = '\n';
        return this;
    }

    // ---- bytes

    private void utf8(String s) {
        int len = s.length();
        ensure(len);
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x80) {
                ascii = false;
                break;
            }
            buf[size + i] = (byte) ch;
        }
        if (ascii) {
            size += len;
            return;
        }
        bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void int16(int v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
    }

    private void int32(int v) {
        ensure(4);
        putInt(size, v);
        size += 4;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }

    private void putInt(int at, int v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    private void ensure(int more) {
        if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }

    int size() {
        return size;
    }
}
