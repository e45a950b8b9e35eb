package casino.cli;

import casino.generator.GeneratorMain;
import casino.generator.GeneratorOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code casino generate}: the generator with its own options (and the same GENERATOR_* variables),
 * in this process; a bad value exits 2 with the generator's own one-line message.
 */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Publishes random casino events to casino.events.")
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    CasinoCli cli;
    @Option(names = "--rate", paramLabel = "N", description = "events per second (default GENERATOR_RATE, else 20)")
    String rate;
    @Option(names = "--count", paramLabel = "N", description = "stop after N events (default GENERATOR_COUNT, else unlimited)")
    String count;
    @Option(names = "--seed", paramLabel = "N", description = "seed of the random sequence (default GENERATOR_SEED)")
    String seed;
    @Option(names = "--max", description = "publish as fast as possible")
    boolean max;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (rate != null) args.addAll(List.of("--rate", rate));
        if (count != null) args.addAll(List.of("--count", count));
        if (seed != null) args.addAll(List.of("--seed", seed));
        if (max) args.add("--max");
        try {
            GeneratorOptions.parse(args.toArray(String[]::new), cli.config); // one line naming the option, exit 2
        } catch (GeneratorOptions.UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return GeneratorMain.run(args.toArray(String[]::new), cli.config, cli.err);
    }
}
