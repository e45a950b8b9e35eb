package casino.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import casino.infra.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Every process of the test JVM's embedded Postgres stopped with SIGSTOP (a database that accepts
 * connections and never answers) until {@link #close} resumes them with SIGCONT.
 */
public final class FrozenPostgres implements AutoCloseable {
    private final List<ProcessHandle> processes;

    private FrozenPostgres(List<ProcessHandle> processes) {
        this.processes = processes;
    }

    public static FrozenPostgres freeze() throws Exception {
        List<ProcessHandle> all = processes();
        signal("STOP", all);
        return new FrozenPostgres(all);
    }

    @Override
    public void close() throws Exception {
        signal("CONT", processes);
    }

    /** The postmaster of the test database (from postmaster.pid in its data directory) and all its children. */
    static List<ProcessHandle> processes() throws Exception {
        String dataDirectory;
        try (Connection c = TestInfra.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            dataDirectory = rs.getString(1);
        }
        long pid = Long.parseLong(Files.readAllLines(Path.of(dataDirectory, "postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.descendants().forEach(all::add);
        return all;
    }

    static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        Process kill = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + command);
    }
}
