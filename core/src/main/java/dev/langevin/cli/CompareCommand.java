package dev.langevin.cli;

import dev.langevin.Sampler;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.Plan;
import dev.langevin.engine.RunResult;
import dev.langevin.io.AtomicFiles;
import dev.langevin.io.OutputDirectory;
import dev.langevin.io.RunJson;
import dev.langevin.model.Classifier;
import dev.langevin.model.Regressor;
import dev.langevin.predict.ClassificationMetrics;
import dev.langevin.predict.HeldOut;
import dev.langevin.predict.RegressionHeldOut;
import dev.langevin.predict.RegressionMetrics;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Target;

import org.apache.commons.statistics.descriptive.Quantile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code langevin compare}: the same chains, from the same starting points, under several
 * update rules; how many end in the global minimum's basin, and how low and how close. A
 * classifier with held-out rows is judged by its predictions there instead.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs several algorithms from the same starting points (same seed) and compares where the chains end:",
                "the fraction within --radius of the target's global minimum, and the distribution of the final loss U",
                "and of the distance to the minimum. Example: langevin compare --target ackley --dim 2 --chains 4096",
                "A classifier (softmax-regression, mlp, or a model implementing Classifier) with --holdout F is compared by "
                        + "its predictions on the held-out rows instead: per algorithm the predictive averaged over its chains "
                        + "(samplers: every kept draw, Bayesian model averaging; optimisers: the ensemble of last states) and "
                        + "the median, min and max over single chains (optimisers: each chain's last state) of accuracy, "
                        + "negative log-likelihood and expected calibration error, as 'langevin predict' computes them."})
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

    @Option(names = "--out", paramLabel = "DIR",
            description = "With a classifier and --holdout: write compare.json and compare.csv (the predictions table) here.")
    Path out;

    @Option(names = "--force", description = "Replace --out if a previous compare wrote it.")
    boolean force;

    @Option(names = "--report", description = "With --out: also write report.html there, the predictions table.")
    boolean report;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    /** Where one algorithm's chains ended. */
    record Outcome(String algorithm, double inBasin, double[] loss, double[] distance, int diverged, double seconds) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try (InterruptNotice interrupted = new InterruptNotice(stderr, "the comparison", out)) {
            return compare(stdout, stderr);
        }
    }

    private Integer compare(PrintWriter stdout, PrintWriter stderr) throws Exception {
        if (!(radius > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--radius must be positive, got " + radius + ".");
        }
        if (options.burnIn == null && options.model.holdout == null) {
            options.burnIn = options.steps - 1;
        }
        if (options.seed == null) {
            // every algorithm must start from the same points, so one seed serves all
            options.seed = new java.security.SecureRandom().nextLong();
        }
        options.checkApplicable(algorithms.stream().map(String::strip).toList());
        if (adamStepSize != null && !(adamStepSize > 0)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--adam-step-size must be positive, got "
                    + adamStepSize + ".");
        }
        List<Plan> plans = new ArrayList<>();
        for (String name : algorithms) {
            Plan plan = options.build(name.strip(), w -> stderr.println("langevin: warning: " + w)).plan();
            if (plan.rule().name().equals("adam") && adamStepSize != null) {
                plan = plan.withStepSize(new Constant(adamStepSize));
            }
            plans.add(plan);
        }
        Target target = plans.get(0).target();
        boolean predictive = RunCommand.classifier(plans.get(0)) != null || RunCommand.regressor(plans.get(0)) != null;
        if (predictive || options.model.holdout != null) {
            return comparePredictions(plans, stdout);
        }
        if (out != null || force || report) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (out != null ? "--out" : force ? "--force"
                    : "--report")
                    + " applies to a classifier or a regression compared on held-out rows; compare on " + target.name()
                    + " prints its table only.");
        }
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

    /** One algorithm's predictions on the held-out rows; null heldOut when every chain diverged. */
    record Predictions(Plan plan, String engine, HeldOut heldOut, RegressionHeldOut regression, int diverged,
                       double seconds) {
        boolean sampler() {
            return plan.rule().stochastic();
        }
    }

    /**
     * A classifier's comparison: each algorithm's held-out predictions, averaged over its chains (the samplers'
     * Bayesian model average, the optimisers' ensemble of last states) and chain by chain, through predict's code.
     */
    private int comparePredictions(List<Plan> plans, PrintWriter stdout) throws java.io.IOException {
        picocli.CommandLine line = spec.commandLine();
        Target target = plans.get(0).target();
        Classifier classifier = RunCommand.classifier(plans.get(0));
        Regressor regressor = classifier == null ? RunCommand.regressor(plans.get(0)) : null;
        if (classifier == null && regressor == null) {
            throw new picocli.CommandLine.ParameterException(line, "--holdout holds out rows to judge the predictions of "
                    + "a classifier or a regression, and " + RunCommand.described(target) + " is not one that langevin "
                    + "evaluates; compare it without --holdout.");
        }
        String kind = classifier != null ? "a classifier" : "a regression";
        if (options.model.heldOut == null) {
            throw new picocli.CommandLine.ParameterException(line, "compare judges " + target.name() + ", " + kind
                    + ", by its predictions on held-out rows; give --holdout F.");
        }
        if (line.getParseResult().hasMatchedOption("--radius")) {
            throw new picocli.CommandLine.ParameterException(line, "--radius measures distances to a target's global "
                    + "minimum; " + kind + " is compared by its predictions on the held-out rows instead.");
        }
        if ((force || report) && out == null) {
            throw new picocli.CommandLine.ParameterException(line, (force ? "--force needs --out DIR (it allows replacing a "
                    + "previous comparison's directory)." : "--report needs --out DIR."));
        }
        List<Sampler> samplers = new ArrayList<>();
        for (Plan plan : plans) {
            // an optimiser's point estimate is its last state
            Plan kept = plan.rule().stochastic() ? plan : plan.withDraws(plan.steps() - 1, 1);
            Sampler sampler = Sampler.of(kept).engine(options.engine).device(options.device);
            sampler.engine(); // which engine, or why none, before anything runs
            sampler.checkResources();
            samplers.add(sampler);
        }
        try (OutputDirectory output = out == null ? null : OutputDirectory.prepare(out, force)) {
            List<Predictions> results = new ArrayList<>();
            for (Sampler sampler : samplers) {
                Plan plan = sampler.plan();
                Sampler.Result result;
                try (Console.Progress progress = Console.progress(plan.algorithm(), plan.steps(), quiet)) {
                    result = sampler.progress(progress).run();
                }
                try (result) {
                    results.add(new Predictions(plan, result.engine(),
                            classifier != null ? PredictCommand.heldOut(result, options.model.heldOut) : null,
                            regressor != null ? PredictCommand.regressionHeldOut(result, options.model.heldOut) : null,
                            result.run().divergences().size(), result.run().seconds()));
                }
            }
            String description = PredictCommand.describeHoldout(options.model.heldOut.rows(),
                    Map.of("file", options.model.data), Map.of("fraction", options.model.holdout, "seed",
                            options.model.holdoutSeed));
            if (classifier != null) {
                printPredictions(stdout, results, description, classifier.classes());
            } else {
                printRegressionPredictions(stdout, results, description);
            }
            if (output != null) {
                if (classifier != null) {
                    writePredictions(output, results, description, classifier.classes());
                } else {
                    writeRegressionPredictions(output, results, description);
                }
                output.commit();
                if (report) {
                    dev.langevin.report.ReportWriter.writeComparison(output.target());
                }
                if (!quiet) {
                    stdout.println("Wrote " + out.resolve("compare.json") + " and " + out.resolve("compare.csv")
                            + (report ? " and " + out.resolve("report.html") : ""));
                }
            }
        }
        return 0;
    }

    /** Per algorithm: the averaged predictive, then its chains' median, min and max of each metric. */
    private static void printPredictions(PrintWriter out, List<Predictions> results, String description, int classes) {
        printPlanLine(out, results.get(0).plan());
        out.printf(Locale.ROOT, "Predictions on %s, %d classes%n", description, classes);
        String format = "%-9s %-38s %9s %9s %9s %9s%n";
        out.printf(Locale.ROOT, format, "algorithm", "predictive", "accuracy", "NLL", "ECE", "seconds");
        for (Predictions r : results) {
            Plan plan = r.plan();
            HeldOut h = r.heldOut();
            if (h == null) {
                out.printf(Locale.ROOT, "%-9s %-38s %29s %9.1f%n", plan.algorithm(), "all chains diverged", "", r.seconds());
                continue;
            }
            String averaged = r.sampler()
                    ? String.format(Locale.ROOT, "averaged: %d chains x %d draws (BMA)", h.chains().length, h.draws())
                    : String.format(Locale.ROOT, "ensemble of %d last states", h.chains().length);
            ClassificationMetrics a = h.averaged();
            out.printf(Locale.ROOT, "%-9s %-38s %9.4f %9.4f %9.4f %9.1f%n", plan.algorithm(), averaged, a.accuracy(),
                    a.nll(), a.ece(), r.seconds());
            double[] accuracy = h.spread(ClassificationMetrics::accuracy);
            double[] nll = h.spread(ClassificationMetrics::nll);
            double[] ece = h.spread(ClassificationMetrics::ece);
            String single = r.sampler() ? "single chain: " : "last state: ";
            String[] which = {"median", "min", "max"};
            for (int i = 0; i < 3; i++) {
                out.printf(Locale.ROOT, "%-9s %-38s %9.4f %9.4f %9.4f%n", "", single + which[i], accuracy[i], nll[i], ece[i]);
            }
            if (r.diverged() > 0) {
                out.printf(Locale.ROOT, "%-9s %d chains diverged and were left out%n", "", r.diverged());
            }
        }
        out.println(PREDICTIVES);
    }

    /** The line below both predictions tables. */
    private static final String PREDICTIVES = "Samplers keep the draws after --burn-in (default: half the steps), every "
            + "--thin-th; optimisers their last state, a point estimate per chain. Median, min and max are of each metric "
            + "over chains.";

    /** The plan's line, as both tables begin. */
    private static void printPlanLine(PrintWriter out, Plan first) {
        out.printf(Locale.ROOT, "%s (d = %d), %d chains x %d steps from %s, seed %d, the same starts and minibatches "
                        + "for every algorithm%n", first.target().name(), first.dim(), first.chains(), first.steps(),
                first.init().describe(), first.seed());
    }

    /** A regression's table: per algorithm the averaged predictive's RMSE and NLL, then its chains' median, min, max. */
    private static void printRegressionPredictions(PrintWriter out, List<Predictions> results, String description) {
        printPlanLine(out, results.get(0).plan());
        out.printf(Locale.ROOT, "Predictions on %s, a regression%n", description);
        String format = "%-9s %-38s %11s %9s %9s%n";
        out.printf(Locale.ROOT, format, "algorithm", "predictive", "RMSE", "NLL", "seconds");
        for (Predictions r : results) {
            Plan plan = r.plan();
            RegressionHeldOut h = r.regression();
            if (h == null) {
                out.printf(Locale.ROOT, "%-9s %-38s %21s %9.1f%n", plan.algorithm(), "all chains diverged", "", r.seconds());
                continue;
            }
            String averaged = r.sampler()
                    ? String.format(Locale.ROOT, "averaged: %d chains x %d draws (BMA)", h.chains().length, h.draws())
                    : String.format(Locale.ROOT, "ensemble of %d last states", h.chains().length);
            RegressionMetrics a = h.averaged();
            out.printf(Locale.ROOT, "%-9s %-38s %11.4g %9.4f %9.1f%n", plan.algorithm(), averaged, a.rmse(), a.nll(),
                    r.seconds());
            double[] rmse = h.spread(RegressionMetrics::rmse);
            double[] nll = h.spread(RegressionMetrics::nll);
            String single = r.sampler() ? "single chain: " : "last state: ";
            String[] which = {"median", "min", "max"};
            for (int i = 0; i < 3; i++) {
                out.printf(Locale.ROOT, "%-9s %-38s %11.4g %9.4f%n", "", single + which[i], rmse[i], nll[i]);
            }
            if (r.diverged() > 0) {
                out.printf(Locale.ROOT, "%-9s %d chains diverged and were left out%n", "", r.diverged());
            }
        }
        out.println(PREDICTIVES);
    }

    /** A regression's compare.json (kind "regression": per algorithm, RMSE and NLL as predict.json) and compare.csv. */
    private static void writeRegressionPredictions(OutputDirectory output, List<Predictions> results, String description) {
        Map<String, Object> record = planRecord(results);
        record.put("kind", "regression");
        record.put("data", description);
        record.put("rows", results.get(0).regression() == null ? null : results.get(0).regression().averaged().rows());
        record.put("algorithms", results.stream().map(r -> {
            Map<String, Object> row = algorithmRecord(r);
            if (r.regression() != null) {
                row.putAll(PredictCommand.regressionMetricsRecord(r.regression()));
                row.put("per_chain", PredictCommand.regressionPerChainRecord(r.regression()));
            }
            return row;
        }).toList());
        RunJson.write(output.resolve("compare.json"), record);
        AtomicFiles.write(output.resolve("compare.csv"), temporary -> {
            try (BufferedWriter w = Files.newBufferedWriter(temporary)) {
                w.write("algorithm,predictive,rmse,nll\n");
                for (Predictions r : results) {
                    if (r.regression() == null) {
                        continue;
                    }
                    String name = r.plan().algorithm();
                    RegressionMetrics a = r.regression().averaged();
                    w.write(name + ",averaged," + a.rmse() + "," + a.nll() + "\n");
                    for (int i = 0; i < r.regression().chains().length; i++) {
                        RegressionMetrics m = r.regression().perChain().get(i);
                        w.write(name + ",chain_" + r.regression().chains()[i] + "," + m.rmse() + "," + m.nll() + "\n");
                    }
                }
            }
        });
    }

    /** compare.json's command, engine and plan. */
    private static Map<String, Object> planRecord(List<Predictions> results) {
        Plan first = results.get(0).plan();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", "compare");
        record.put("engine", results.get(0).engine());
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("target", first.target().name());
        plan.put("dim", first.dim());
        plan.put("chains", first.chains());
        plan.put("steps", first.steps());
        plan.put("seed", first.seed());
        plan.put("init", first.init().describe());
        record.put("plan", plan);
        return record;
    }

    /** An algorithm's line of compare.json before its metrics. */
    private static Map<String, Object> algorithmRecord(Predictions r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("algorithm", r.plan().algorithm());
        row.put("kind", r.sampler() ? "sampler" : "optimiser");
        row.put("engine", r.engine());
        row.put("step_size", r.plan().stepSize().describe());
        row.put("temperature", r.plan().temperature());
        row.put("burn_in", r.plan().burnIn());
        row.put("thin", r.plan().thin());
        row.put("seconds", r.seconds());
        row.put("diverged_chains", r.diverged());
        return row;
    }

    /** compare.json (per algorithm, what predict.json holds for a run) and compare.csv (one line per predictive). */
    private static void writePredictions(OutputDirectory output, List<Predictions> results, String description,
                                         int classes) {
        Map<String, Object> record = planRecord(results);
        record.put("data", description);
        record.put("rows", results.get(0).heldOut() == null ? null : results.get(0).heldOut().averaged().rows());
        record.put("classes", classes);
        record.put("ece_bins", ClassificationMetrics.BINS);
        record.put("algorithms", results.stream().map(r -> {
            Map<String, Object> row = algorithmRecord(r);
            if (r.heldOut() != null) {
                row.putAll(PredictCommand.metricsRecord(r.heldOut()));
                row.put("per_chain", PredictCommand.perChainRecord(r.heldOut()));
                row.put("reliability", PredictCommand.reliabilityRecord(r.heldOut()));
            }
            return row;
        }).toList());
        RunJson.write(output.resolve("compare.json"), record);
        AtomicFiles.write(output.resolve("compare.csv"), temporary -> {
            try (BufferedWriter w = Files.newBufferedWriter(temporary)) {
                w.write("algorithm,predictive,accuracy,nll,ece\n");
                for (Predictions r : results) {
                    if (r.heldOut() == null) {
                        continue;
                    }
                    String name = r.plan().algorithm();
                    PredictCommand.line(w, name + ",averaged", r.heldOut().averaged());
                    for (int i = 0; i < r.heldOut().chains().length; i++) {
                        PredictCommand.line(w, name + ",chain_" + r.heldOut().chains()[i], r.heldOut().perChain().get(i));
                    }
                }
            }
        });
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
