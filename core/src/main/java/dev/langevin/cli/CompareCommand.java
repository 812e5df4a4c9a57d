package dev.langevin.cli;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.Plan;
import dev.langevin.engine.RunResult;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Target;

import org.apache.commons.statistics.descriptive.Quantile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code langevin compare}: the same chains, from the same starting points, under several
 * update rules; how many end in the global minimum's basin, and how low and how close.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs several algorithms from the same starting points (same seed) and compares where the chains end:",
                "the fraction within --radius of the target's global minimum, and the distribution of the final loss U",
                "and of the distance to the minimum. Example: langevin compare --target ackley --dim 2 --chains 4096"})
final class CompareCommand implements Callable<Integer> {
    private static final Quantile QUANTILE = Quantile.withDefaults().withCopy(true).with(Quantile.EstimationMethod.HF7)
            .with(org.apache.commons.statistics.descriptive.NaNPolicy.EXCLUDE);

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--algorithms", defaultValue = "sgld,sgd,adam", split = ",", paramLabel = "LIST",
            description = "Algorithms to compare (default: ${DEFAULT-VALUE}).")
    List<String> algorithms;

    @Option(names = "--adam-step-size", paramLabel = "ETA",
            description = "Constant learning rate for adam (default: the same step size or schedule as the others).")
    Double adamStepSize;

    @Option(names = "--radius", defaultValue = "0.5", paramLabel = "R",
            description = "A chain has found the global minimum when it ends within distance R of it (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** Where one algorithm's chains ended. */
    record Outcome(String algorithm, double inBasin, double[] loss, double[] distance, int diverged, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!(radius > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--radius must be positive, got " + radius + ".");
        }
        if (options.burnIn == null) {
            options.burnIn = options.steps - 1;
        }
        if (options.seed == null) {
            // every algorithm must start from the same points, so one seed serves all
            options.seed = new java.security.SecureRandom().nextLong();
        }
        options.checkApplicable(algorithms.stream().map(String::strip).toList());
        List<Plan> plans = new ArrayList<>();
        for (String name : algorithms) {
            Plan plan = options.build(name.strip(), w -> stderr.println("langevin: warning: " + w)).plan();
            UpdateRule rule = plan.rule();
            if (rule.name().equals("adam") && adamStepSize != null) {
                if (!(adamStepSize > 0)) {
                    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--adam-step-size must be positive, got " + adamStepSize + ".");
                }
                plan = new Plan(plan.target(), plan.estimator(), rule, new Constant(adamStepSize), plan.temperature(),
                        plan.chains(), plan.firstChain(), plan.steps(), plan.burnIn(), plan.thin(), plan.init(), plan.seed());
            }
            plans.add(plan);
        }
        Target target = plans.get(0).target();
        double[] optimum = target.optimum().orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Target " + target.name() + " has no known global minimum, which compare measures distances to; "
                        + "use ackley, rosenbrock, gaussian, correlated-gaussian or quadratic."));
        List<Engine> engines = new ArrayList<>();
        for (Plan plan : plans) {
            engines.add(Engines.forPlan(options.engine, plan, options.device));
        }

        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            Engine engine = engines.get(i);
            RunResult result;
            try (Console.Progress progress = Console.progress(plan.algorithm(), plan.steps(), quiet)) {
                result = engine.run(plan, (draw, state, chains, dims) -> { }, progress);
            }
            outcomes.add(outcome(plan, result, optimum));
        }
        Plan first = plans.get(0);
        stdout.printf(Locale.ROOT, "%s (d = %d), %d chains x %d steps from %s, seed %d, step size %s, temperature %s%n",
                target.name(), target.dim(), first.chains(), first.steps(), first.init().describe(), first.seed(),
                first.stepSize().describe(), first.temperature());
        String format = "%-8s %9s %11s %11s %11s %11s %11s %9s%n";
        stdout.printf(Locale.ROOT, format, "", "found", "final U", "", "", "distance", "", "");
        stdout.printf(Locale.ROOT, format, "algorithm", "minimum", "q5", "median", "q95", "median", "q95", "diverged");
        for (Outcome o : outcomes) {
            if (o.loss().length == 0) {
                // one cell across the five columns of U and distance
                stdout.printf(Locale.ROOT, "%-8s %9s %-59s %9s%n", o.algorithm(), "0.0%", "   all diverged", o.diverged());
                continue;
            }
            double[] loss = QUANTILE.evaluate(o.loss(), 0.05, 0.5, 0.95);
            double[] distance = QUANTILE.evaluate(o.distance(), 0.5, 0.95);
            stdout.printf(Locale.ROOT, format, o.algorithm(), String.format(Locale.ROOT, "%.1f%%", 100 * o.inBasin()),
                    Console.num(loss[0]), Console.num(loss[1]), Console.num(loss[2]), Console.num(distance[0]),
                    Console.num(distance[1]), o.diverged());
        }
        stdout.printf(Locale.ROOT, "'found minimum': share of chains ending within %s of the global minimum %s; "
                + "final U and distance over the chains that did not diverge.%n", radius, java.util.Arrays.toString(optimum));
        return 0;
    }

    /** Where the chains that did not diverge ended; the share that found the minimum is over all chains. */
    private Outcome outcome(Plan plan, RunResult result, double[] optimum) {
        int chains = plan.chains();
        int dims = plan.dim();
        java.util.Set<Integer> diverged = new java.util.HashSet<>();
        result.divergences().forEach(d -> diverged.add(d.chain() - plan.firstChain()));
        double[] theta = new double[dims];
        double[] loss = new double[chains - diverged.size()];
        double[] distance = new double[loss.length];
        int found = 0;
        int kept = 0;
        for (int c = 0; c < chains; c++) {
            if (diverged.contains(c)) {
                continue;
            }
            double squares = 0;
            for (int j = 0; j < dims; j++) {
                theta[j] = result.finalState()[j * chains + c];
                squares += (theta[j] - optimum[j]) * (theta[j] - optimum[j]);
            }
            distance[kept] = Math.sqrt(squares);
            loss[kept] = plan.target().potential(theta);
            if (distance[kept] < radius) {
                found++;
            }
            kept++;
        }
        return new Outcome(plan.algorithm(), (double) found / chains, loss, distance, diverged.size(),
                result.seconds());
    }
}
