package dev.langevin.cli;

import dev.langevin.StepSizeSearch;
import dev.langevin.engine.Plan;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code langevin tune}: which constant step size brings the chains closest to the target? */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the chains in groups, one constant step size each from a log grid, and scores each by "
                + "the kernel Stein discrepancy of its final states (Gorham and Mackey 2017, who choose SGLD's step "
                + "size this way) and by bulk ESS per gradient evaluation; picks the step size with the lowest KSD.",
                "Too small a step does not mix, too large a step mixes to the wrong distribution: R-hat and ESS see "
                        + "only the first failure, KSD sees both. Each group has --chains divided by the grid's "
                        + "size; the groups run as one plan, each group its own step size."})
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--algorithm", defaultValue = "sgld", paramLabel = "NAME",
            description = "A sampler: sgld, psgld, sghmc, mala, csgld or sgld-cv (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--step-sizes", required = true, paramLabel = "LO:HI:K",
            description = "K step sizes spaced evenly in log between LO and HI, for example 1e-4:1e-1:12.")
    String stepSizes;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        double[] grid = grid(stepSizes, spec);
        if (options.stepSize != null || options.schedule != null) {
            usage("tune chooses the step size: leave out --step-size and --schedule.");
        }
        options.checkApplicable(List.of(algorithm));
        if (options.seed == null) {
            options.seed = new java.security.SecureRandom().nextLong();
        }
        Plan base = options.build(algorithm, w -> err.println("langevin: warning: " + w)).plan();
        StepSizeSearch search;
        try (Console.Progress progress = Console.progress("tune", base.steps(), quiet)) {
            search = StepSizeSearch.run(base, grid, options.engine, options.device, progress);
        }
        out.printf(Locale.ROOT, "%s on %s (d = %d), %d step sizes x %d chains x %d steps, seed %d, engine %s%n",
                algorithm, base.target().name(), base.dim(), grid.length, search.groupChains(), base.steps(),
                base.seed(), search.engine());
        print(out, search);
        return search.best() < 0 ? Main.DO_NOT_TRUST : 0;
    }

    /** The search's table and its choice. */
    static void print(PrintWriter out, StepSizeSearch search) {
        String format = "%12s %11s %16s %9s %9s  %s%n";
        out.printf(Locale.ROOT, format, "step size", "KSD", "ESS/1000 grads", "max rhat", "diverged", "");
        for (int k = 0; k < search.grid().length; k++) {
            out.printf(Locale.ROOT, format, Console.num(search.grid()[k]), Double.isNaN(search.ksd()[k])
                    ? "all diverged" : Console.num(search.ksd()[k]), Console.num(1000 * search.essPerGradient()[k]),
                    Console.num(search.maxRhat()[k]), search.diverged()[k], k == search.best() ? "<- lowest KSD" : "");
        }
        if (search.best() < 0) {
            out.println("Every chain of every step size diverged: try smaller step sizes.");
            return;
        }
        out.printf(Locale.ROOT, "Chosen step size: %s (lowest kernel Stein discrepancy of the final states)%s%n",
                Console.num(search.chosen()), search.atEdge()
                        ? "; it is at the edge of the grid, so the best may lie beyond it" : "");
    }

    /** The log grid LO:HI:K of an option's value. */
    static double[] grid(String text, CommandSpec command) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 3) {
                return StepSizeSearch.logGrid(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]),
                        Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException | dev.langevin.error.InvalidParameterException e) {
            // refused below
        }
        throw new CommandLine.ParameterException(command.commandLine(), "--step-sizes must be LO:HI:K with "
                + "0 < LO < HI and K >= 2, got " + text + ".");
    }

    private void usage(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
