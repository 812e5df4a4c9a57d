package dev.langevin.cli;

import dev.langevin.Sampler;
import dev.langevin.diagnostics.ParameterSummary;
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
                        + "size; the groups run one after another."})
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
        double[] grid = grid();
        if (algorithm.equals("sgd") || algorithm.equals("adam")) {
            usage("--algorithm " + algorithm + " is an optimiser: its states are not draws to score.");
        }
        if (options.stepSize != null || options.schedule != null) {
            usage("tune chooses the step size: leave out --step-size and --schedule.");
        }
        int groupChains = options.chains / grid.length;
        if (groupChains < 2) {
            usage("--chains " + options.chains + " gives fewer than 2 chains to each of the " + grid.length
                    + " step sizes; raise --chains.");
        }
        options.checkApplicable(List.of(algorithm));
        options.chains = groupChains;
        if (options.seed == null) {
            options.seed = new java.security.SecureRandom().nextLong();
        }
        double[] ksd = new double[grid.length];
        double[] essPerGradient = new double[grid.length];
        double[] rhat = new double[grid.length];
        int[] diverged = new int[grid.length];
        String engine = null;
        Plan first = null;
        for (int k = 0; k < grid.length; k++) {
            options.stepSize = grid[k];
            Plan plan = options.build(algorithm, w -> err.println("langevin: warning: " + w)).plan();
            first = first == null ? plan : first;
            Sampler sampler = Sampler.of(plan).engine(options.engine).device(options.device);
            try (Console.Progress progress = Console.progress(String.format(Locale.ROOT, "eta %.3g", grid[k]),
                    plan.steps(), quiet); Sampler.Result result = sampler.progress(progress).run()) {
                engine = result.engine();
                diverged[k] = result.run().divergences().size();
                ksd[k] = result.ksd() == null ? Double.NaN : result.ksd().value();
                double ess = result.summary().stream().mapToDouble(ParameterSummary::essBulk).min().orElse(Double.NaN);
                essPerGradient[k] = ess / ((double) plan.chains() * plan.steps());
                rhat[k] = result.summary().stream().mapToDouble(ParameterSummary::rhat).max().orElse(Double.NaN);
            }
        }
        int best = -1;
        for (int k = 0; k < grid.length; k++) {
            if (!Double.isNaN(ksd[k]) && (best < 0 || ksd[k] < ksd[best])) {
                best = k;
            }
        }
        out.printf(Locale.ROOT, "%s on %s (d = %d), %d step sizes x %d chains x %d steps, seed %d, engine %s%n",
                algorithm, first.target().name(), first.dim(), grid.length, groupChains, first.steps(), first.seed(),
                engine);
        String format = "%12s %11s %16s %9s %9s  %s%n";
        out.printf(Locale.ROOT, format, "step size", "KSD", "ESS/1000 grads", "max rhat", "diverged", "");
        for (int k = 0; k < grid.length; k++) {
            out.printf(Locale.ROOT, format, Console.num(grid[k]), Double.isNaN(ksd[k]) ? "all diverged"
                    : Console.num(ksd[k]), Console.num(1000 * essPerGradient[k]), Console.num(rhat[k]), diverged[k],
                    k == best ? "<- lowest KSD" : "");
        }
        if (best < 0) {
            out.println("Every chain of every step size diverged: try smaller step sizes.");
            return Main.DO_NOT_TRUST;
        }
        out.printf(Locale.ROOT, "Chosen step size: %s (lowest kernel Stein discrepancy of the final states)%s%n",
                Console.num(grid[best]), best == grid.length - 1 || best == 0
                        ? "; it is at the edge of the grid, so the best may lie beyond it" : "");
        return 0;
    }

    /** The log grid LO:HI:K. */
    private double[] grid() {
        String[] parts = stepSizes.split(":");
        double lo = Double.NaN;
        double hi = Double.NaN;
        int k = 0;
        try {
            lo = Double.parseDouble(parts[0]);
            hi = Double.parseDouble(parts[1]);
            k = Integer.parseInt(parts[2]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // refused below
        }
        if (parts.length != 3 || !(lo > 0) || !(hi > lo) || !Double.isFinite(hi) || k < 2) {
            usage("--step-sizes must be LO:HI:K with 0 < LO < HI and K >= 2, got " + stepSizes + ".");
        }
        double[] grid = new double[k];
        for (int i = 0; i < k; i++) {
            grid[i] = lo * Math.pow(hi / lo, (double) i / (k - 1));
        }
        return grid;
    }

    private void usage(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
