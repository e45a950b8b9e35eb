package casino.reporting.bench;

import casino.infra.TestInfra;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time from /proc (clock ticks of 10 ms), less disturbed than wall time on a shared machine: a
 * process's own, and the test Postgres' (its postmaster, with the children it reaped, plus every live
 * child: the backends), whoever else runs on the machine.
 */
final class CpuMeter {
    private static final long TICK_NANOS = 10_000_000L;
    private static long postmaster = -1;

    private CpuMeter() {}

    /** utime + stime of one process, ns. */
    static long process(long pid) {
        long[] f = stat(pid);
        return f == null ? 0 : (f[2] + f[3]) * TICK_NANOS;
    }

    /** The test Postgres: the postmaster (own and reaped children's time) and its live children, ns. */
    static long postgres() throws SQLException {
        long pm = postmaster();
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(name);
                long[] f = stat(pid);
                if (f == null) continue;
                if (pid == pm) ticks += f[2] + f[3] + f[4] + f[5];
                else if (f[1] == pm) ticks += f[2] + f[3];
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * TICK_NANOS;
    }

    private static synchronized long postmaster() throws SQLException {
        if (postmaster < 0) {
            try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                postmaster = stat(rs.getLong(1))[1];
            }
        }
        return postmaster;
    }

    /**
     * CPU of a JVM's threads by role, ns: consumer ("reporting-mirror"), writers ("reporting-writer"),
     * JIT (compiler threads), GC (GC, G1 threads), other.
     */
    static Map<String, Long> threads(long pid) {
        Map<String, Long> byRole = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                long[] f = stat(pid + "/task/" + t.getFileName());
                if (f == null) continue;
                String comm = Files.readString(t.resolve("comm")).trim();
                String role = comm.startsWith("reporting-mirro") ? "consumer" : comm.startsWith("reporting-write") ? "writers"
                        : comm.contains("CompilerThre") ? "JIT" : comm.startsWith("GC ") || comm.startsWith("G1 ") ? "GC" : "other";
                byRole.merge(role, (f[2] + f[3]) * TICK_NANOS, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            return byRole;
        }
        return byRole;
    }

    /** {pid, ppid, utime, stime, cutime, cstime} or null when the process is gone. */
    private static long[] stat(long pid) {
        return stat(Long.toString(pid));
    }

    private static long[] stat(String pid) {
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
            return new long[] {0, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                    Long.parseLong(f[14])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
