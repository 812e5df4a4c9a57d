package dev.langevin.cli;

import dev.langevin.Sampler;
import dev.langevin.data.CsvData;
import dev.langevin.data.Dataset;
import dev.langevin.data.Holdout;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.error.InputFileException;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.io.AtomicFiles;
import dev.langevin.io.RunJson;
import dev.langevin.model.Classifier;
import dev.langevin.model.ModelTarget;
import dev.langevin.model.Regressor;
import dev.langevin.predict.ClassificationMetrics;
import dev.langevin.predict.FunctionSpace;
import dev.langevin.predict.HeldOut;
import dev.langevin.predict.RegressionHeldOut;
import dev.langevin.predict.RegressionMetrics;
import dev.langevin.predict.Reliability;
import dev.langevin.report.RunDirectory;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** {@code langevin predict RUN_DIR}: a classifier's held-out predictions from a run's draws. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a classification run (softmax-regression, mlp, or a model implementing "
                + "dev.langevin.model.Classifier) on held-out rows: the run's own (from --holdout) or those of --data. "
                + "The posterior predictive is averaged over every kept draw of every chain (Bayesian model averaging) "
                + "and over each chain's draws alone; each is judged by accuracy, negative log-likelihood per row "
                + "and expected calibration error (15 equal-width bins). A regression (linear-regression, mlp with "
                + "likelihood=gaussian, or a model implementing dev.langevin.model.Regressor) is judged by the RMSE of the predictive mean "
                + "and the negative log-likelihood per row.",
                "Writes predict.json and predict.csv into RUN_DIR."})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "Directory written by 'langevin run --out'.")
    Path runDir;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Rows to predict (features then the label, as the run's data); default: the rows the run held out.")
    Path data;

    @Option(names = "--skip-rows", defaultValue = "0", paramLabel = "N",
            description = "Header lines to skip in --data (default: ${DEFAULT-VALUE}).")
    int skipRows;

    @Option(names = "--label-column", defaultValue = "-1", paramLabel = "J",
            description = "Column of --data holding the label, from 0; negative counts from the end (default: ${DEFAULT-VALUE}).")
    int labelColumn;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "With --data: the labels in a file of their own, one a line (then --data holds only features), "
                    + "as 'run --labels' takes them.")
    Path labels;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (data == null && (skipRowsGiven() || labelColumnGiven() || labels != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--skip-rows, --label-column and --labels "
                    + "describe --data; give --data too.");
        }
        if (labels != null && labelColumnGiven()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--labels gives the labels in a file of their "
                    + "own, so --data has no label column; drop --label-column.");
        }
        RunDirectory run = RunDirectory.read(runDir);
        Map<String, Object> target = run.target();
        Map<String, Object> dataRecord = RunDirectory.map(target.get("data"));
        Map<String, Object> classifier = RunDirectory.map(target.get("classifier"));
        Map<String, Object> regressor = RunDirectory.map(target.get("regressor"));
        String name = String.valueOf(target.get("name"));
        if (classifier.isEmpty() && regressor.isEmpty()) {
            throw new InvalidParameterException("target", "Run " + runDir + " sampled " + name + ", which predict cannot "
                    + "evaluate; it needs a classifier (softmax-regression, mlp, or a model implementing Classifier) or "
                    + "a regression (linear-regression, mlp with likelihood=gaussian, or a model implementing Regressor).");
        }
        int features = ((Number) (classifier.isEmpty() ? regressor : classifier).get("features")).intValue();
        Dataset test;
        String description;
        if (data != null) {
            test = labels == null ? CsvData.load(data, skipRows, labelColumn) : CsvData.load(data, labels, skipRows);
            if (test.columns() != features) {
                throw new InputFileException(data, data + " has " + test.columns() + " feature columns"
                        + (labels == null ? " (and a label)" : "") + " but the run's " + name + " takes " + features + ".");
            }
            if (Boolean.TRUE.equals(dataRecord.get("standardized"))) {
                test = test.standardizeLike(numbers(dataRecord.get("feature_means"), features),
                        numbers(dataRecord.get("feature_scales"), features));
            }
            description = test.rows() + " rows of " + data;
        } else {
            Map<String, Object> holdout = RunDirectory.map(dataRecord.get("holdout"));
            if (holdout.isEmpty()) {
                throw new InvalidParameterException("data", "Run " + runDir + " held out no rows (run it with --holdout F); "
                        + "give the rows to predict with --data FILE.");
            }
            Holdout.Parts parts = run.dataParts();
            test = parts.test();
            description = describeHoldout(test.rows(), dataRecord, holdout);
        }
        List<Integer> chains = run.keptChains();
        if (!regressor.isEmpty()) {
            Regressor model = (Regressor) rebuilt(run, name, target, Map.of(), test);
            if (chains.isEmpty()) {
                out.println("Every chain diverged: there are no draws to predict with.");
                return Main.DO_NOT_TRUST;
            }
            RegressionHeldOut result = RegressionHeldOut.evaluate(model, run.draws().source(), chains, test);
            if (!quiet) {
                printRegression(out, result, description, why(model));
            }
            writeRegression(runDir, result, description, why(model));
            if (!quiet) {
                out.println("Wrote " + runDir.resolve("predict.json") + " and " + runDir.resolve("predict.csv"));
            }
            return 0;
        }
        Classifier model = (Classifier) rebuilt(run, name, target, Map.of("classes", classifier.get("classes")), test);
        if (chains.isEmpty()) {
            out.println("Every chain diverged: there are no draws to predict with.");
            return Main.DO_NOT_TRUST;
        }
        HeldOut result = HeldOut.evaluate(model, run.draws().source(), chains, test);
        if (!quiet) {
            print(out, result, description, model.classes());
        }
        write(runDir, result, description);
        if (!quiet) {
            out.println("Wrote " + runDir.resolve("predict.json") + " and " + runDir.resolve("predict.csv"));
        }
        return 0;
    }

    private boolean skipRowsGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--skip-rows");
    }

    private boolean labelColumnGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--label-column");
    }

    /**
     * The model the run sampled: a built-in rebuilt from its recorded parameters (and {@code extra}, such as a
     * classifier's classes), or the model rebuilt from its source.
     */
    private Object rebuilt(RunDirectory run, String name, Map<String, Object> target, Map<String, Object> extra,
                           Dataset test) throws Exception {
        Target built;
        if (target.get("source") == null) {
            Map<String, Object> params = new LinkedHashMap<>(RunDirectory.map(target.get("params")));
            params.putAll(extra);
            Params parsed = Params.parse(params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
            built = Targets.create(name, new Targets.Request(0, parsed, test, 1));
        } else {
            built = run.rebuildTarget();
        }
        if (built.dim() != run.draws().dims()) {
            throw new InputFileException(runDir.resolve("draws.npy"), runDir.resolve("draws.npy") + " has "
                    + run.draws().dims() + " parameters but the " + name + " rebuilt from run.json has " + built.dim() + ".");
        }
        return built instanceof ModelTarget model ? model.model() : built;
    }

    private static double[] numbers(Object list, int n) {
        double[] values = new double[n];
        if (list instanceof List<?> l && l.size() == n) {
            for (int j = 0; j < n; j++) {
                values[j] = ((Number) l.get(j)).doubleValue();
            }
        }
        return values;
    }

    static String describeHoldout(int rows, Map<String, Object> dataRecord, Map<String, Object> holdout) {
        return String.format(Locale.ROOT, "%d held-out rows (%s of %s, holdout seed %s)", rows, holdout.get("fraction"),
                dataRecord.get("file"), holdout.get("seed"));
    }

    /** The table: the averaged predictive, then each chain's alone (median, min, max over chains). */
    static void print(PrintWriter out, HeldOut result, String description, int classes) {
        out.printf(Locale.ROOT, "Predictions on %s, %d classes, %d chains x %d draws%n", description, classes,
                result.chains().length, result.draws());
        out.printf(Locale.ROOT, "%-34s %10s %10s %10s%n", "predictive", "accuracy", "NLL", "ECE");
        ClassificationMetrics a = result.averaged();
        out.printf(Locale.ROOT, "%-34s %10.4f %10.4f %10.4f%n", "averaged over all chains (BMA)", a.accuracy(), a.nll(),
                a.ece());
        double[] accuracy = result.spread(ClassificationMetrics::accuracy);
        double[] nll = result.spread(ClassificationMetrics::nll);
        double[] ece = result.spread(ClassificationMetrics::ece);
        String[] labels = {"single chain: median", "single chain: min", "single chain: max"};
        for (int i = 0; i < 3; i++) {
            out.printf(Locale.ROOT, "%-34s %10.4f %10.4f %10.4f%n", labels[i], accuracy[i], nll[i], ece[i]);
        }
        if (result.skipped().length > 0) {
            out.printf("%d chains with non-finite draws were left out.%n", result.skipped().length);
        }
        printFunctionSpace(out, result.functionSpace());
    }

    /** A regression's table: the averaged predictive, then each chain's alone (median, min, max over chains). */
    static void printRegression(PrintWriter out, RegressionHeldOut result, String description, String why) {
        out.printf(Locale.ROOT, "Predictions on %s, a regression, %d chains x %d draws%n", description,
                result.chains().length, result.draws());
        out.printf(Locale.ROOT, "%-34s %12s %10s%n", "predictive", "RMSE", "NLL");
        RegressionMetrics a = result.averaged();
        out.printf(Locale.ROOT, "%-34s %12.4g %10.4f%n", "averaged over all chains (BMA)", a.rmse(), a.nll());
        double[] rmse = result.spread(RegressionMetrics::rmse);
        double[] nll = result.spread(RegressionMetrics::nll);
        String[] labels = {"single chain: median", "single chain: min", "single chain: max"};
        for (int i = 0; i < 3; i++) {
            out.printf(Locale.ROOT, "%-34s %12.4g %10.4f%n", labels[i], rmse[i], nll[i]);
        }
        if (result.skipped().length > 0) {
            out.printf("%d chains with non-finite draws were left out.%n", result.skipped().length);
        }
        printFunctionSpace(out, result.functionSpace(), why);
    }

    /**
     * Why the function-space quantities: for a network, that its weights are not identifiable; for a regression
     * whose parameters are (linear-regression), that these are its predictions beside the parameters' summary.
     */
    static String why(Regressor model) {
        return model instanceof dev.langevin.target.Mlp ? FunctionSpace.WHY : "Quantities of the predictive "
                + "function, to set beside the parameters' summary (summary.csv).";
    }

    /** A regression's predict.json (kind "regression": RMSE and NLL, averaged and per chain) and predict.csv. */
    static void writeRegression(Path dir, RegressionHeldOut result, String description, String why) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("kind", "regression");
        record.put("data", description);
        record.put("rows", result.averaged().rows());
        record.putAll(regressionMetricsRecord(result));
        record.put("function_space", functionSpaceRecord(result.functionSpace(), why));
        record.put("per_chain", regressionPerChainRecord(result));
        RunJson.write(dir.resolve("predict.json"), record);
        AtomicFiles.write(dir.resolve("predict.csv"), temporary -> {
            try (BufferedWriter w = Files.newBufferedWriter(temporary)) {
                w.write("predictive,rmse,nll\n");
                w.write("averaged," + result.averaged().rmse() + "," + result.averaged().nll() + "\n");
                for (int i = 0; i < result.chains().length; i++) {
                    RegressionMetrics m = result.perChain().get(i);
                    w.write("chain_" + result.chains()[i] + "," + m.rmse() + "," + m.nll() + "\n");
                }
            }
        });
    }

    /** A regression's chains and draws, its averaged predictive's RMSE and NLL, and their median, min and max over chains. */
    static Map<String, Object> regressionMetricsRecord(RegressionHeldOut result) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("chains", result.chains().length);
        record.put("draws_per_chain", result.draws());
        record.put("skipped_chains", result.skipped());
        Map<String, Object> averaged = new LinkedHashMap<>();
        averaged.put("rmse", result.averaged().rmse());
        averaged.put("nll", result.averaged().nll());
        record.put("averaged", averaged);
        Map<String, Object> spread = new LinkedHashMap<>();
        for (String metric : List.of("rmse", "nll")) {
            double[] v = result.spread(m -> metric.equals("rmse") ? m.rmse() : m.nll());
            spread.put(metric, Map.of("median", v[0], "min", v[1], "max", v[2]));
        }
        record.put("single_chain", spread);
        return record;
    }

    /** A regression's RMSE and NLL chain by chain. */
    static List<Map<String, Object>> regressionPerChainRecord(RegressionHeldOut result) {
        return IntStream.range(0, result.chains().length).mapToObj(i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chain", result.chains()[i]);
            row.put("rmse", result.perChain().get(i).rmse());
            row.put("nll", result.perChain().get(i).nll());
            return row;
        }).toList();
    }

    /** Convergence of function-space quantities, with why these rather than the weights. */
    static void printFunctionSpace(PrintWriter out, FunctionSpace space) {
        printFunctionSpace(out, space, FunctionSpace.WHY);
    }

    /** The same with another reason for these quantities. */
    static void printFunctionSpace(PrintWriter out, FunctionSpace space, String why) {
        out.println("Function-space diagnostics, per draw: " + why);
        out.printf(Locale.ROOT, "%-34s %10s %10s %8s %8s %8s%n", "quantity", "mean", "sd", "rhat", "ess_bulk", "ess_tail");
        for (ParameterSummary q : space.summary()) {
            out.printf(Locale.ROOT, "%-34s %10.4f %10.4f %8.3f %8.0f %8.0f%n", q.name(), q.mean(), q.sd(), q.rhat(),
                    q.essBulk(), q.essTail());
        }
    }

    /**
     * A classifier run's predictions on the held-out rows from every chain that did not diverge (under replica
     * exchange, the first rung's); null when the plan is not a classifier or no chain kept a draw.
     */
    static HeldOut heldOut(Sampler.Result result, Dataset heldOut) {
        Classifier classifier = RunCommand.classifier(result.plan());
        if (classifier == null) {
            return null;
        }
        List<Integer> chains = keptChains(result);
        return chains.isEmpty() ? null : HeldOut.evaluate(classifier, result.draws(), chains, heldOut);
    }

    /** The chains of a run that did not diverge; none when the run kept no draws. */
    private static List<Integer> keptChains(Sampler.Result result) {
        if (result.plan().draws() == 0) {
            return List.of();
        }
        java.util.Set<Integer> diverged = new java.util.HashSet<>();
        result.run().divergences().forEach(d -> diverged.add(d.chain()));
        return IntStream.range(0, result.draws().chains()).filter(c -> !diverged.contains(c)).boxed().toList();
    }

    /**
     * A regression run's predictions on the held-out rows from every chain that did not diverge; null when the plan
     * is not a regression or no chain kept a draw.
     */
    static RegressionHeldOut regressionHeldOut(Sampler.Result result, Dataset heldOut) {
        Regressor regressor = RunCommand.regressor(result.plan());
        if (regressor == null) {
            return null;
        }
        List<Integer> chains = keptChains(result);
        return chains.isEmpty() ? null : RegressionHeldOut.evaluate(regressor, result.draws(), chains, heldOut);
    }

    /** The averaged predictive's metrics, and the median, min and max over chains of each metric. */
    static Map<String, Object> metricsRecord(HeldOut result) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("chains", result.chains().length);
        record.put("draws_per_chain", result.draws());
        record.put("skipped_chains", result.skipped());
        record.put("averaged", metrics(result.averaged()));
        Map<String, Object> spread = new LinkedHashMap<>();
        for (String metric : List.of("accuracy", "nll", "ece")) {
            double[] s = result.spread(m -> metric.equals("accuracy") ? m.accuracy() : metric.equals("nll") ? m.nll() : m.ece());
            spread.put(metric, Map.of("median", s[0], "min", s[1], "max", s[2]));
        }
        record.put("single_chain", spread);
        return record;
    }

    /** Each chain's metrics, in the order of the chains used. */
    /** The reliability diagram's bins of the averaged predictive, as predict.json and compare.json record them. */
    static Map<String, Object> reliabilityRecord(HeldOut result) {
        Reliability r = result.reliability();
        Map<String, Object> bins = new LinkedHashMap<>();
        bins.put("of", "averaged");
        bins.put("lower", java.util.stream.IntStream.range(0, r.count().length).mapToObj(Reliability::lower).toList());
        bins.put("upper", java.util.stream.IntStream.range(0, r.count().length).mapToObj(Reliability::upper).toList());
        bins.put("rows", r.count());
        bins.put("confidence", java.util.Arrays.stream(r.confidence()).mapToObj(PredictCommand::finite).toList());
        bins.put("accuracy", java.util.Arrays.stream(r.accuracy()).mapToObj(PredictCommand::finite).toList());
        return bins;
    }

    static List<Map<String, Object>> perChainRecord(HeldOut result) {
        return java.util.stream.IntStream.range(0, result.chains().length).mapToObj(i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("chain", result.chains()[i]);
            row.putAll(metrics(result.perChain().get(i)));
            return row;
        }).toList();
    }

    /** predict.json (the averaged and per-chain metrics, their spread) and predict.csv (one line per predictive). */
    static void write(Path dir, HeldOut result, String description) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("data", description);
        record.put("rows", result.averaged().rows());
        record.put("ece_bins", ClassificationMetrics.BINS);
        record.putAll(metricsRecord(result));
        record.put("function_space", functionSpaceRecord(result.functionSpace(), FunctionSpace.WHY));
        record.put("reliability", reliabilityRecord(result));
        record.put("per_chain", perChainRecord(result));
        RunJson.write(dir.resolve("predict.json"), record);
        AtomicFiles.write(dir.resolve("predict.csv"), temporary -> {
            try (BufferedWriter w = Files.newBufferedWriter(temporary)) {
                w.write("predictive,accuracy,nll,ece\n");
                line(w, "averaged", result.averaged());
                for (int i = 0; i < result.chains().length; i++) {
                    line(w, "chain_" + result.chains()[i], result.perChain().get(i));
                }
            }
        });
    }

    /** The function-space diagnostics as predict.json records them, with why. */
    private static Map<String, Object> functionSpaceRecord(FunctionSpace functionSpace, String why) {
        Map<String, Object> space = new LinkedHashMap<>();
        space.put("why", why);
        space.put("quantities", functionSpace.summary().stream().map(q -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", q.name());
            row.put("mean", finite(q.mean()));
            row.put("sd", finite(q.sd()));
            row.put("mcse_mean", finite(q.mcseMean()));
            row.put("rhat", finite(q.rhat()));
            row.put("ess_bulk", finite(q.essBulk()));
            row.put("ess_tail", finite(q.essTail()));
            return row;
        }).toList());
        return space;
    }

    /** A number for JSON: null where not finite. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Object> metrics(ClassificationMetrics m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("accuracy", m.accuracy());
        map.put("nll", m.nll());
        map.put("ece", m.ece());
        return map;
    }

    static void line(BufferedWriter w, String name, ClassificationMetrics m) throws java.io.IOException {
        w.write(name + "," + m.accuracy() + "," + m.nll() + "," + m.ece() + "\n");
    }
}
