package dev.langevin.cli;

import dev.langevin.data.DataFormatException;
import dev.langevin.engine.Plan;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.function.Consumer;

/**
 * The plan that {@code langevin run} makes from its plan options (target, data, algorithm,
 * schedule, chains, steps, seed, engine), for programs that run it elsewhere, such as
 * langevin-spark. Options of run's own (--out, --superchains, --report, ...) are not accepted.
 */
@Command(name = "run")
public final class PlanArguments {
    @Mixin
    PlanOptions options;

    @Option(names = "--algorithm", defaultValue = "sgld", paramLabel = "NAME")
    String algorithm;

    private PlanArguments() {
    }

    /** A parsed plan: what to run, on which engine, and whether the seed was given or drawn. */
    public record Parsed(Plan plan, String engine, boolean seedGiven) {
    }

    /**
     * Parses and checks the options and builds the plan, as {@code langevin run} does.
     *
     * @param warnings told of settings that run but are likely mistakes
     * @throws CommandLine.ParameterException with one sentence naming the option, for bad options
     * @throws DataFormatException            for a data file that cannot be read
     */
    public static Parsed parse(List<String> args, Consumer<String> warnings) throws DataFormatException {
        PlanArguments arguments = new PlanArguments();
        CommandLine line = new CommandLine(arguments);
        CommandLine.ParseResult parsed = line.parseArgs(args.toArray(String[]::new));
        PlanOptions options = arguments.options;
        if (options.autoStepSize()) {
            throw new CommandLine.ParameterException(line, "--step-size auto is for 'langevin run'; give a number.");
        }
        options.checkApplicable(List.of(arguments.algorithm));
        PlanOptions.Built built = options.build(arguments.algorithm, warnings);
        return new Parsed(built.plan(), options.engine, parsed.hasMatchedOption("--seed"));
    }
}
