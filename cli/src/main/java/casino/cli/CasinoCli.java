package casino.cli;

import casino.common.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code casino} command: one entry point for running the services and operating the suite.
 * Exit codes: 0 done, 1 failed (the reason on one line of stderr), 2 bad usage (one line naming the
 * option or parameter at fault). Every setting comes from the same environment variables as the
 * services (README's configuration table).
 */
@Command(name = "casino", mixinStandardHelpOptions = true, versionProvider = CasinoCli.Version.class,
        description = "Runs and operates casino-streams.",
        subcommands = {RunCommand.class, DbCommand.class, TopicsCommand.class, GenerateCommand.class,
                WalletCommands.Deposit.class, WalletCommands.Details.class, AutoComplete.GenerateCompletion.class})
public final class CasinoCli implements Runnable {
    final Config config;
    final PrintStream out;
    final PrintStream err;
    @Spec
    CommandSpec spec;

    CasinoCli(Config config, PrintStream out, PrintStream err) {
        this.config = config;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code = execute(Config.fromEnv(), System.out, System.err, args);
        if (code != RunCommand.KEEP_RUNNING) System.exit(code);
    }

    /** Runs one command line; returns its exit code. */
    public static int execute(Config config, PrintStream out, PrintStream err, String... args) {
        CommandLine cl = new CommandLine(new CasinoCli(config, out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.getSubcommands().get("run").setStopAtPositional(true);
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("casino: " + e.getMessage() + " (see casino " + e.getCommandLine().getCommandName() + " --help)");
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("casino " + c.getCommandName() + ": " + message(e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl.execute(args);
    }

    /** {@code casino} alone: a usage error. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return text.lines().findFirst().orElse(text);
    }

    /** The suite's version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = CasinoCli.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"casino-streams " + p.getProperty("version", "unknown")};
        }
    }
}
