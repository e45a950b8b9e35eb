package casino.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code casino run SERVICE... [ARGS]}: starts services in this process by their main class; {@code
 * make run} and docker compose start each service this way ({@code bin/casino-service NAME}), one per
 * process. With one service the
 * words after its name are its arguments ({@code casino run generator --count 1000}); with several,
 * each runs on its own thread, and the first one that exits the JVM (SIGTERM, a failed start) ends
 * them all.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs services: infra (local Kafka + Postgres), generator, fx-api, enricher, materializer, wallet, reporting.")
final class RunCommand implements Callable<Integer> {
    /** Returned when the services keep running after their main method returned (main must not exit). */
    static final int KEEP_RUNNING = -1;
    /** Name -> main class: the one table of the suite's services. */
    static final Map<String, String> SERVICES = services();

    @Option(names = "--exists", description = "only check: exit 0 when SERVICE is built into this classpath, else 1")
    boolean exists;
    @Parameters(arity = "1..*", paramLabel = "SERVICE", completionCandidates = Names.class,
            description = "services to run (${COMPLETION-CANDIDATES}); with one service, the words after it are its arguments")
    List<String> words;
    @Spec
    CommandSpec spec;

    private static Map<String, String> services() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("infra", "casino.infra.LocalInfraMain");
        m.put("generator", "casino.generator.GeneratorMain");
        m.put("fx-api", "casino.fx.FxApiMain");
        m.put("enricher", "casino.enricher.EnricherMain");
        m.put("materializer", "casino.materializer.MaterializerMain");
        m.put("wallet", "casino.wallet.WalletMain");
        m.put("reporting", "casino.reporting.ReportingMain");
        return m;
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < words.size() && SERVICES.containsKey(words.get(i))) names.add(words.get(i++));
        List<String> rest = words.subList(i, words.size());
        if (names.isEmpty()) throw usage("unknown service '" + words.get(0) + "' (one of " + String.join(", ", SERVICES.keySet()) + ")");
        if (names.size() > 1 && !rest.isEmpty()) throw usage("arguments are allowed only with one service, got '" + rest.get(0) + "'");
        if (exists) {
            if (names.size() > 1 || !rest.isEmpty()) throw usage("--exists checks one service");
            try {
                mainOf(names.get(0));
                return 0;
            } catch (IllegalStateException notBuilt) {
                return 1;
            }
        }
        List<Method> mains = new ArrayList<>();
        for (String name : names) mains.add(mainOf(name));
        if (mains.size() == 1) {
            invoke(mains.get(0), rest.toArray(String[]::new));
            return KEEP_RUNNING; // a service's main returns once started or exits the JVM itself
        }
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < mains.size(); s++) {
            Method main = mains.get(s);
            threads.add(Thread.ofPlatform().name(names.get(s)).start(() -> {
                try {
                    invoke(main, new String[0]);
                } catch (Exception e) {
                    System.err.println("casino run: " + Thread.currentThread().getName() + " failed: " + CasinoCli.message(e));
                    System.exit(1);
                }
            }));
        }
        for (Thread t : threads) t.join();
        return KEEP_RUNNING;
    }

    private Method mainOf(String name) {
        try {
            return Class.forName(SERVICES.get(name)).getMethod("main", String[].class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("service '" + name + "' is not built into this classpath");
        }
    }

    private static void invoke(Method main, String[] args) throws Exception {
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The service names, for help and completion. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(Arrays.asList(SERVICES.keySet().toArray(String[]::new)));
        }
    }
}
