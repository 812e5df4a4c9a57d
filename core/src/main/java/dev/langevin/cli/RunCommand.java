package dev.langevin.cli;

import dev.langevin.Sampler;
import dev.langevin.StepSizeSearch;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.data.Holdout;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.RunResult;
import dev.langevin.io.CmdStanCsv;
import dev.langevin.io.OutputDirectory;
import dev.langevin.io.RunJson;
import dev.langevin.io.SummaryCsv;
import dev.langevin.model.Classifier;
import dev.langevin.model.ModelTarget;
import dev.langevin.model.Regressor;
import dev.langevin.predict.HeldOut;
import dev.langevin.predict.RegressionHeldOut;
import dev.langevin.report.ReportWriter;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Mlp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code langevin run}: sample, summarise, and optionally write the results. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs SGLD (or an optimiser baseline) on many chains and summarises the kept draws.",
                "With --out DIR it writes run.json, summary.csv and draws.npy (float32, shape (chains, draws, dims)); "
                        + "the directory appears only when the run has finished."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--algorithm", defaultValue = "sgld", paramLabel = "NAME",
            description = "Algorithm: sgld; psgld (RMSprop-preconditioned SGLD, --alpha, --lambda); sghmc (SG Hamiltonian "
                    + "Monte Carlo, --friction, --noise-estimate, --resample-momentum); sgnht (SG Nose-Hoover thermostat, "
                    + "--friction); mala (Langevin proposal with a "
                    + "Metropolis-Hastings test, exact gradient; reports acceptance rates); csgld (cyclical SGLD, "
                    + "Zhang et al. 2020, --cycles, --exploration; not BlackJAX's Contour SGLD); sgld-cv (SGLD with "
                    + "control variates around a mode found by SGD, --mode-steps, --mode-step-size; data targets with "
                    + "--batch-size); sgd or adam (optimiser baselines, no noise) (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--out", paramLabel = "DIR", description = "Write run.json, summary.csv and draws.npy here.")
    Path out;

    @Option(names = "--force", description = "Replace --out if it exists.")
    boolean force;

    @Option(names = "--superchains", defaultValue = "0", paramLabel = "K",
            description = "Group the chains into K superchains of consecutive chains that share a starting point, "
                    + "and report nested R-hat (Margossian et al. 2024); K must divide --chains.")
    int superchains;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Also write the draws as 'cmdstan': one CmdStan-style CSV per chain (output_1.csv, ...), "
                    + "for readers of CmdStan output. Needs --out.")
    String format;

    @Option(names = "--report", description = "Also write report.html with plots (see 'langevin report'). Needs --out.")
    boolean report;

    @Option(names = "--step-sizes", paramLabel = "LO:HI:K",
            description = "With --step-size auto: the log grid of step sizes tried first, each on --chains / K chains "
                    + "(default: 1e-4:1e-1:12).")
    String stepSizes;

    @Option(names = "--quiet", description = "Print only warnings and errors: no progress bar, no table.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        options.checkApplicable(List.of(algorithm));
        PlanOptions.Built built = options.build(algorithm, w -> stderr.println("langevin: warning: " + w));
        if (format != null && !format.equals("cmdstan")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format " + format
                    + " is unknown; the only extra format is cmdstan.");
        }
        if ((format != null || report) && out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (format != null ? "--format" : "--report")
                    + " needs --out DIR.");
        }
        if (force && out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--force needs --out DIR (it allows "
                    + "replacing a previous run's directory).");
        }
        Plan chosenPlan = built.plan();
        StepSizeSearch search = null;
        if (stepSizes != null && !options.autoStepSize()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--step-sizes is the grid of "
                    + "--step-size auto; give that too, or use 'langevin tune'.");
        }
        if (options.autoStepSize()) {
            double[] grid = TuneCommand.grid(stepSizes == null ? "1e-4:1e-1:12" : stepSizes, spec);
            Plan base = built.plan();
            try (Console.Progress progress = Console.progress("step size", base.steps(), quiet)) {
                search = StepSizeSearch.run(base, grid, options.engine, options.device, progress);
            }
            if (!quiet) {
                stdout.printf("Choosing the step size: %d step sizes x %d chains x %d steps%n", grid.length,
                        search.groupChains(), base.steps());
                TuneCommand.print(stdout, search);
            }
            if (search.best() < 0) {
                stderr.println("langevin: every chain of every step size diverged; nothing was run. Try smaller "
                        + "--step-sizes.");
                return Main.DO_NOT_TRUST;
            }
            chosenPlan = StepSizeSearch.withStepSize(base, new Constant(search.chosen()), base.chains());
        }
        Sampler sampler = Sampler.of(chosenPlan).engine(options.engine).device(options.device)
                .superchains(superchains);
        Plan plan = sampler.plan();
        sampler.engine(); // which engine, or why none, before anything is written
        if (options.sharedBatch && !quiet) {
            stdout.println("Note: --shared-batch gives every chain the same minibatch at each step, which correlates the chains.");
        }
        try (InterruptNotice interrupted = new InterruptNotice(stderr, "the run", out);
             OutputDirectory output = out == null ? null : OutputDirectory.prepare(out, force)) {
            // after the output's checks, so that a folder that cannot be written is named as such
            sampler.drawsFile(output == null ? null : output.resolve("draws.npy"));
            sampler.checkResources();
            Instant started = Instant.now();
            Sampler.Result result;
            try (Console.Progress progress = Console.progress(plan.algorithm(), plan.steps(), quiet);
                 Console.Progress summarising = Console.summaryProgress(plan.chains(), plan.draws(), plan.dim(), quiet)) {
                result = sampler.progress(progress).summaryProgress(done -> summarising.advanced(done, plan.dim())).run();
            }
            HeldOut predictions = null;
            RegressionHeldOut regression = null;
            try (result) {
                if (output != null && format != null) {
                    CmdStanCsv.write(output.resolve(""), result.draws(), plan, result.run().seconds());
                }
                if (options.model.heldOut != null && regressor(plan) != null) {
                    regression = PredictCommand.regressionHeldOut(result, options.model.heldOut);
                } else {
                    predictions = predictHeldOut(result, stderr);
                }
            }
            print(result, stdout, stderr);
            String heldOutRows = predictions == null && regression == null ? null : PredictCommand.describeHoldout(
                    options.model.heldOut.rows(), Map.of("file", options.model.data), Map.of("fraction",
                            options.model.holdout, "seed", options.model.holdoutSeed));
            if (predictions != null && !quiet) {
                PredictCommand.print(stdout, predictions, heldOutRows, classifier(plan).classes());
            }
            if (regression != null && !quiet) {
                PredictCommand.printRegression(stdout, regression, heldOutRows, PredictCommand.why(regressor(plan)));
            }
            if (output != null) {
                SummaryCsv.write(output.resolve("summary.csv"), result.summary(), superchains > 0);
                RunJson.write(output.resolve("run.json"), record(result, built, search, started));
                if (predictions != null) {
                    PredictCommand.write(output.resolve(""), predictions, heldOutRows);
                }
                if (regression != null) {
                    PredictCommand.writeRegression(output.resolve(""), regression, heldOutRows,
                            PredictCommand.why(regressor(plan)));
                }
                output.commit();
                if (report) {
                    ReportWriter.write(output.target());
                }
                if (!quiet) {
                    stdout.println("Wrote " + out + (report ? " (with report.html)" : ""));
                }
            }
            return result.verdict().trusted() ? 0 : Main.DO_NOT_TRUST;
        }
    }

    /** Replica exchange's ladders and each rung pair's share of accepted swaps. */
    static String swapLine(Plan plan, RunResult run) {
        var exchange = plan.exchange();
        long[] proposed = exchange.proposals(plan.steps());
        StringBuilder rates = new StringBuilder();
        double[] t = exchange.temperatures();
        for (int r = 0; r < proposed.length; r++) {
            rates.append(r == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "T %s-%s %.3f",
                    ReplicaExchange.number(t[r]), ReplicaExchange.number(t[r + 1]), run.swaps() == null || proposed[r] == 0 ? Double.NaN
                            : (double) run.swaps()[r] / proposed[r]));
        }
        return String.format(java.util.Locale.ROOT, "Replica exchange: %s; the draws are the %d chains at T = %s. "
                + "Swaps accepted: %s", exchange.describe(), exchange.ladders(), ReplicaExchange.number(t[0]), rates);
    }

    /** The target's name, and for the MLP's regression that it is one. */
    static String described(dev.langevin.target.Target target) {
        return target instanceof ModelTarget m && m.model() instanceof Mlp mlp && mlp.regression()
                ? target.name() + " with likelihood=gaussian (a regression)" : target.name();
    }

    /**
     * The regression a plan samples (linear-regression, the MLP with likelihood=gaussian, or a model implementing
     * Regressor), or null.
     */
    static Regressor regressor(Plan plan) {
        if (plan.target() instanceof Regressor r) {
            return r;
        }
        return plan.target() instanceof ModelTarget m && m.model() instanceof Regressor r
                && !(r instanceof Mlp mlp && !mlp.regression()) ? r : null;
    }

    /** The classifier a plan samples, or null. */
    static Classifier classifier(Plan plan) {
        return plan.target() instanceof ModelTarget m && m.model() instanceof Classifier c
                && !(c instanceof Mlp mlp && mlp.regression()) ? c : null;
    }

    /** With --holdout, a classifier's predictions on the held-out rows from every chain that did not diverge. */
    private HeldOut predictHeldOut(Sampler.Result result, PrintWriter stderr) {
        if (options.model.heldOut == null) {
            return null;
        }
        if (classifier(result.plan()) == null) {
            stderr.println("langevin: warning: " + described(result.plan().target()) + " is not a model that predict evaluates (a classifier or a regression); the "
                    + "held-out rows were left out of the run but are not evaluated.");
            return null;
        }
        return PredictCommand.heldOut(result, options.model.heldOut);
    }

    /** The table, the acceptance rates, the verdict and the divergences. */
    private void print(Sampler.Result result, PrintWriter stdout, PrintWriter stderr) {
        Plan plan = result.plan();
        RunResult run = result.run();
        if (!quiet) {
            stdout.printf("%s on %s (d = %d), %s x %d steps (%d burn-in, thin %d), seed %d, engine %s%n",
                    plan.algorithmDescription(), plan.target().name(), plan.dim(), plan.exchange() == null
                            ? plan.chains() + " chains" : plan.exchange().ladders() + " chains at T = "
                            + ReplicaExchange.number(plan.temperature()) + " (" + plan.chains() + " in all)",
                    plan.steps(), plan.burnIn(), plan.thin(), plan.seed(), result.engine());
            if (plan.exchange() != null) {
                stdout.println(swapLine(plan, run));
            }
            Console.table(stdout, result.summary(), superchains > 0);
            if (run.accepted() != null) {
                stdout.println(Console.acceptance(run.accepted(), plan.steps() - plan.burnIn()));
            }
            Console.nonFinite(stdout, result.summary());
            if (result.ksd() != null) {
                stdout.printf(java.util.Locale.ROOT, "Kernel Stein discrepancy of %d final states: %s (IMQ kernel, "
                        + "c = 1, beta = -1/2; lower is closer to the target, at a rate of n^-1/2 for exact draws)%n",
                        result.ksd().n(), Console.num(result.ksd().value()));
            }
            stdout.println(result.verdict().text());
            stdout.printf("%.2f s, %s coordinate-steps/s%n", run.seconds(), Console.num(result.coordinateStepsPerSecond()));
        }
        Console.divergences(quiet ? stderr : stdout, run.divergences(), plan.chains());
        if (quiet && !result.verdict().trusted()) {
            stderr.println(result.verdict().text());
        }
    }

    private Map<String, Object> record(Sampler.Result run, PlanOptions.Built built, StepSizeSearch search,
                                       Instant started) {
        Plan plan = run.plan();
        RunResult result = run.run();
        List<String> names = plan.target().parameterNames();
        double coordinateSteps = (double) plan.chains() * plan.steps() * plan.dim();
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", plan.target().name());
        if (options.model.userModel()) {
            target.put("source", options.model.modelSource());
        }
        target.put("dim", plan.dim());
        target.put("params", built.params().asMap());
        target.put("parameter_names", names);
        Classifier classifier = classifier(plan);
        if (classifier != null) {
            target.put("classifier", Map.of("classes", classifier.classes(), "features", classifier.features()));
        }
        Regressor regressor = regressor(plan);
        if (regressor != null) {
            target.put("regressor", Map.of("features", regressor.features(), "noise_sd", regressor.noiseSd()));
        }
        if (plan.target().transformsReports()) {
            // the summary's (and the CmdStan CSV's) names; draws.npy holds the sampled coordinates
            target.put("reported_names", plan.target().reportedNames());
        }
        if (built.data() != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("file", options.model.data.toString());
            data.put("labels", options.model.labels == null ? null : options.model.labels.toString());
            data.put("rows", built.data().rows());
            data.put("columns", built.data().columns());
            data.put("skip_rows", options.model.skipRows);
            data.put("label_column", options.model.labels == null ? options.model.labelColumn : null);
            data.put("standardized", options.model.standardize);
            data.put("feature_means", built.data().featureMeans());
            data.put("feature_scales", built.data().featureScales());
            data.put("prior_sd", options.model.priorSd);
            Holdout split = options.model.split;
            if (split != null) {
                Map<String, Object> holdout = new LinkedHashMap<>();
                holdout.put("fraction", split.fraction());
                holdout.put("seed", split.seed());
                holdout.put("rows", split.heldOut().length);
                holdout.put("training_rows", split.kept().length);
                holdout.put("held_out_sha256", split.heldOutHash());
                holdout.put("held_out_rows", split.heldOut());
                holdout.put("standardized_by", "the training rows' means and sds");
                data.put("holdout", holdout);
            }
            target.put("data", data);
        }
        Map<String, Object> planRecord = new LinkedHashMap<>();
        planRecord.put("target", target);
        planRecord.put("algorithm", plan.algorithm());
        planRecord.put("algorithm_parameters", plan.algorithmDescription());
        planRecord.put("gradient", plan.estimator().describe());
        if (plan.estimator() instanceof ControlVariateGradient cv) {
            Map<String, Object> mode = new LinkedHashMap<>();
            mode.put("search_steps", cv.searchSteps());
            mode.put("theta", cv.mode());
            mode.put("gradient_norm", cv.modeGradientNorm());
            planRecord.put("control_variate_mode", mode);
        }
        planRecord.put("step_size", plan.stepSize().describe());
        planRecord.put("temperature", plan.temperature());
        if (plan.temperatures() != null) {
            planRecord.put("temperature_schedule", plan.temperatures().describe());
        }
        if (plan.stepGroups() != null) {
            planRecord.put("step_groups", plan.stepGroups().describe());
        }
        if (plan.exchange() != null) {
            Map<String, Object> exchange = new LinkedHashMap<>();
            exchange.put("temperatures", plan.exchange().temperatures());
            exchange.put("every", plan.exchange().every());
            exchange.put("ladders", plan.exchange().ladders());
            exchange.put("kept_chains", "0 .. " + (plan.exchange().ladders() - 1) + ", the first rung's");
            planRecord.put("replica_exchange", exchange);
        }
        planRecord.put("chains", plan.chains());
        planRecord.put("steps", plan.steps());
        planRecord.put("burn_in", plan.burnIn());
        planRecord.put("thin", plan.thin());
        planRecord.put("draws", plan.draws());
        planRecord.put("init", plan.init().describe());
        planRecord.put("seed", plan.seed());
        planRecord.put("superchains", superchains);

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("plan", planRecord);
        record.put("engine", run.engine());
        record.put("versions", Map.of("langevin", Main.version(), "java", Runtime.version().toString(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        timing.put("sampling_seconds", result.seconds());
        timing.put("steps_per_second", plan.steps() / result.seconds());
        timing.put("coordinate_steps_per_second", coordinateSteps / result.seconds());
        record.put("timing", timing);
        int keptChains = plan.exchange() == null ? plan.chains() : plan.exchange().ladders();
        record.put("draws_file", Map.of("name", "draws.npy", "dtype", "float32",
                "shape", List.of(keptChains, plan.draws(), plan.dim())));
        if (plan.exchange() != null && result.swaps() != null) {
            long[] proposed = plan.exchange().proposals(plan.steps());
            double[] rates = new double[proposed.length];
            for (int r = 0; r < rates.length; r++) {
                rates[r] = proposed[r] == 0 ? Double.NaN : (double) result.swaps()[r] / proposed[r];
            }
            record.put("swap_acceptance", rates);
        }
        if (result.accepted() != null) {
            int[] accepted = result.accepted();
            long total = 0;
            for (int a : accepted) {
                total += a;
            }
            int kept = plan.steps() - plan.burnIn();
            Map<String, Object> acceptance = new LinkedHashMap<>();
            acceptance.put("steps_per_chain", kept);
            acceptance.put("overall", (double) total / ((double) kept * accepted.length));
            acceptance.put("per_chain", java.util.Arrays.stream(accepted).mapToDouble(a -> (double) a / kept).toArray());
            record.put("acceptance", acceptance);
        }
        if (search != null) {
            Map<String, Object> tuning = new LinkedHashMap<>();
            tuning.put("grid", search.grid());
            tuning.put("chains_per_step_size", search.groupChains());
            tuning.put("ksd", java.util.Arrays.stream(search.ksd()).mapToObj(v -> Double.isNaN(v) ? null : v).toList());
            tuning.put("ess_bulk_per_1000_gradients", java.util.Arrays.stream(search.essPerGradient())
                    .mapToObj(v -> Double.isNaN(v) ? null : 1000 * v).toList());
            tuning.put("max_rhat", java.util.Arrays.stream(search.maxRhat()).mapToObj(v -> Double.isNaN(v) ? null : v)
                    .toList());
            tuning.put("diverged", search.diverged());
            tuning.put("chosen", search.chosen());
            tuning.put("by", "lowest kernel Stein discrepancy of the final states");
            record.put("step_size_search", tuning);
        }
        if (run.ksd() != null) {
            Map<String, Object> ksd = new LinkedHashMap<>();
            ksd.put("value", run.ksd().value());
            ksd.put("points", run.ksd().n());
            ksd.put("of", "final states of the chains that did not diverge");
            ksd.put("kernel", Map.of("name", "inverse multiquadric", "c", run.ksd().c(), "beta", run.ksd().beta()));
            record.put("ksd", ksd);
        }
        record.put("divergences", result.divergences().stream()
                .map(d -> Map.of("chain", d.chain(), "step", d.step())).toList());
        return record;
    }
}
