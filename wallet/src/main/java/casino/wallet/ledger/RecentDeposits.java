package casino.wallet.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A wallet's deposits inside the threshold horizon, ordered by event time: two primitive arrays in
 * memory and, in {@code WalletState.recent_deposits_packed}, a count followed by (time delta,
 * amount) varint pairs, a few bytes per deposit. A wallet with thousands of recent deposits is read
 * and written on each of its commands, so this is two arrays, not one protobuf message per deposit.
 */
public final class RecentDeposits {
    public static final RecentDeposits EMPTY = new RecentDeposits(new long[0], new long[0]);
    private final long[] atMs;
    private final long[] minor;

    private RecentDeposits(long[] atMs, long[] minor) {
        this.atMs = atMs;
        this.minor = minor;
    }

    /** Deposits given as (time, amount) pairs in any order. */
    public static RecentDeposits of(long[] atMs, long[] minor) {
        if (atMs.length != minor.length) throw new IllegalArgumentException("one amount per time");
        Integer[] order = new Integer[atMs.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(atMs[a], atMs[b]));
        long[] t = new long[order.length];
        long[] m = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = atMs[order[i]];
            m[i] = minor[order[i]];
        }
        return new RecentDeposits(t, m);
    }

    /** From the stored form (empty bytes: no deposits). */
    public static RecentDeposits decode(ByteString packed) {
        if (packed.isEmpty()) return EMPTY;
        try {
            CodedInputStream in = packed.newCodedInput();
            int n = in.readUInt32();
            long[] t = new long[n];
            long[] m = new long[n];
            long previous = 0;
            for (int i = 0; i < n; i++) {
                previous += in.readSInt64();
                t[i] = previous;
                m[i] = in.readInt64();
            }
            return new RecentDeposits(t, m);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt recent deposits", e);
        }
    }

    public ByteString encode() {
        if (atMs.length == 0) return ByteString.EMPTY;
        int size = CodedOutputStream.computeUInt32SizeNoTag(atMs.length);
        long previous = 0;
        for (int i = 0; i < atMs.length; i++) {
            size += CodedOutputStream.computeSInt64SizeNoTag(atMs[i] - previous)
                    + CodedOutputStream.computeInt64SizeNoTag(minor[i]);
            previous = atMs[i];
        }
        byte[] bytes = new byte[size];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeUInt32NoTag(atMs.length);
            previous = 0;
            for (int i = 0; i < atMs.length; i++) {
                out.writeSInt64NoTag(atMs[i] - previous);
                out.writeInt64NoTag(minor[i]);
                previous = atMs[i];
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ByteString.copyFrom(bytes);
    }

    public int size() {
        return atMs.length;
    }

    public long atMs(int i) {
        return atMs[i];
    }

    public long minor(int i) {
        return minor[i];
    }

    /** The index of the first deposit whose time is greater than {@code t} (the size if none). */
    int firstAfter(long t) {
        int lo = 0;
        int hi = atMs.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (atMs[mid] <= t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** These deposits plus one (after those of the same time). */
    RecentDeposits plus(long at, long amount) {
        int insert = firstAfter(at);
        long[] t = new long[atMs.length + 1];
        long[] m = new long[atMs.length + 1];
        System.arraycopy(atMs, 0, t, 0, insert);
        System.arraycopy(minor, 0, m, 0, insert);
        t[insert] = at;
        m[insert] = amount;
        System.arraycopy(atMs, insert, t, insert + 1, atMs.length - insert);
        System.arraycopy(minor, insert, m, insert + 1, atMs.length - insert);
        return new RecentDeposits(t, m);
    }

    /** The deposits later than {@code horizon}. */
    RecentDeposits after(long horizon) {
        int from = firstAfter(horizon);
        if (from == 0) return this;
        return new RecentDeposits(Arrays.copyOfRange(atMs, from, atMs.length), Arrays.copyOfRange(minor, from, minor.length));
    }
}
