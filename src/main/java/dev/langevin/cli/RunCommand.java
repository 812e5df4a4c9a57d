package dev.langevin.cli;

import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;
import dev.langevin.diagnostics.Superchains;
import dev.langevin.diagnostics.Verdict;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.RunResult;
import dev.langevin.error.ResourceLimitException;
import dev.langevin.io.CmdStanCsv;
import dev.langevin.io.NpyDrawWriter;
import dev.langevin.io.NpyDraws;
import dev.langevin.io.OutputDirectory;
import dev.langevin.io.RunJson;
import dev.langevin.io.SummaryCsv;
import dev.langevin.report.ReportWriter;

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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code langevin run}: sample, summarise, and optionally write the results. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs SGLD (or an optimiser baseline) on many chains and summarises the kept draws.",
                "With --out DIR it writes run.json, summary.csv and draws.npy (float32, shape (chains, draws, dims)); "
                        + "the directory appears only when the run has finished."})
final class RunCommand implements Callable<Integer> {
    /** Fraction of the JVM's heap the kept draws may take. */
    static final double DRAW_MEMORY_FRACTION = 0.6;
    /** Memory for the block of draws gathered before each write to draws.npy. */
    static final long STREAM_BUFFER_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--algorithm", defaultValue = "sgld", paramLabel = "NAME",
            description = "Algorithm: sgld; psgld (RMSprop-preconditioned SGLD, --alpha, --lambda); sghmc (SG Hamiltonian "
                    + "Monte Carlo, --friction, --noise-estimate, --resample-momentum); mala (Langevin proposal with a "
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

    @Option(names = "--quiet", description = "Print only warnings and errors: no progress bar, no table.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        options.checkApplicable(List.of(algorithm));
        PlanOptions.Built built = options.build(algorithm, w -> stderr.println("langevin: warning: " + w));
        Plan plan = withSuperchains(built.plan());
        Engine engine = Engines.forPlan(options.engine, plan, options.device);
        if (format != null && !format.equals("cmdstan")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--format " + format + " is unknown; the only extra format is cmdstan.");
        }
        if ((format != null || report) && out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (format != null ? "--format" : "--report") + " needs --out DIR.");
        }
        if (options.sharedBatch && !quiet) {
            stdout.println("Note: --shared-batch gives every chain the same minibatch at each step, which correlates the chains.");
        }
        if (force && out == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--force needs --out DIR (it allows replacing a previous run's directory).");
        }
        Thread interrupted = interruptNotice(stderr);
        try (OutputDirectory output = out == null ? null : OutputDirectory.prepare(out, force)) {
            // after the output's checks, so that a folder that cannot be written is named as such
            checkMemory(plan, out);
            Instant started = Instant.now();
            RunResult result;
            DrawSource draws;
            if (output == null) {
                InMemoryDraws memory = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
                result = sample(engine, plan, memory);
                draws = memory;
            } else {
                // draws stream to disk as the run goes and are read back memory-mapped
                Path file = output.resolve("draws.npy");
                try (NpyDrawWriter writer = new NpyDrawWriter(file, plan.chains(), plan.draws(), plan.dim(),
                        streamBufferBytes(plan))) {
                    result = sample(engine, plan, writer);
                }
                draws = NpyDraws.open(file);
            }
            Set<Integer> excluded = result.divergences().stream().map(d -> d.chain() - plan.firstChain())
                    .collect(Collectors.toSet());
            List<String> names = plan.target().parameterNames();
            List<ParameterSummary> summary;
            try (Console.Progress progress = Console.summaryProgress(plan.chains(), plan.draws(), plan.dim(), quiet)) {
                summary = Summary.of(draws, names, excluded, superchains, done -> progress.advanced(done, plan.dim()));
            }
            if (output != null && format != null) {
                CmdStanCsv.write(output.resolve(""), draws, plan, result.seconds());
            }
            if (draws instanceof NpyDraws mapped) {
                mapped.close();
            }
            double coordinateSteps = (double) plan.chains() * plan.steps() * plan.dim();
            Verdict verdict = plan.rule().stochastic()
                    ? Verdict.of(summary, plan.chains(), result.divergences().size())
                    : Verdict.optimiser(plan.rule().name(), plan.chains(), result.divergences().size());
            if (!quiet) {
                stdout.printf("%s on %s (d = %d), %d chains x %d steps (%d burn-in, thin %d), seed %d, engine %s%n",
                        plan.rule().describe(), plan.target().name(), plan.dim(), plan.chains(), plan.steps(), plan.burnIn(),
                        plan.thin(), plan.seed(), engine.name());
                Console.table(stdout, summary, superchains > 0);
                if (result.accepted() != null) {
                    stdout.println(Console.acceptance(result.accepted(), plan.steps() - plan.burnIn()));
                }
                Console.nonFinite(stdout, summary);
                stdout.println(verdict.text());
                stdout.printf("%.2f s, %s coordinate-steps/s%n", result.seconds(),
                        Console.num(coordinateSteps / result.seconds()));
            }
            Console.divergences(quiet ? stderr : stdout, result.divergences(), plan.chains());
            if (quiet && !verdict.trusted()) {
                stderr.println(verdict.text());
            }
            if (output != null) {
                SummaryCsv.write(output.resolve("summary.csv"), summary, superchains > 0);
                RunJson.write(output.resolve("run.json"),
                        record(plan, built, engine, result, started, coordinateSteps, names));
                output.commit();
                if (report) {
                    ReportWriter.write(output.target());
                }
                if (!quiet) {
                    stdout.println("Wrote " + output.target() + (report ? " (with report.html)" : ""));
                }
            }
            return verdict.trusted() ? 0 : Main.DO_NOT_TRUST;
        } finally {
            removeHook(interrupted);
        }
    }

    /**
     * Says on Ctrl-C (or any signal that ends the JVM) that the run did not finish and that
     * nothing was written: the output directory appears only when complete, so an interrupted
     * run leaves no results, and a previous run it was to replace stays as it was.
     */
    private Thread interruptNotice(PrintWriter stderr) {
        Thread hook = new Thread(() -> {
            stderr.println();
            stderr.println("langevin: interrupted before the run finished; "
                    + (out == null ? "nothing was written." : "nothing was written to " + out
                    + (java.nio.file.Files.exists(out) ? " (what it held is unchanged)." : ".")));
            stderr.flush();
        }, "langevin-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the notice has been or is being printed
        }
    }

    private RunResult sample(Engine engine, Plan plan, dev.langevin.engine.DrawSink sink) {
        try (Console.Progress progress = Console.progress(plan.rule().name(), plan.steps(), quiet)) {
            return engine.run(plan, sink, progress);
        }
    }

    /** Chains of a superchain start from one point: the point its first chain would start from. */
    private Plan withSuperchains(Plan plan) {
        if (superchains == 0) {
            return plan;
        }
        int size = Superchains.size(plan.chains(), superchains);
        return new Plan(plan.target(), plan.estimator(), plan.rule(), plan.stepSize(), plan.temperature(), plan.chains(),
                plan.firstChain(), plan.steps(), plan.burnIn(), plan.thin(), new InitialState.Grouped(plan.init(), size),
                plan.seed());
    }

    /**
     * The block of draws gathered before each write: 64 MB, or room for 16 draws of every chain
     * when that is more (so each chain's piece of a write stays a few kilobytes), within an
     * eighth of the heap.
     */
    static long streamBufferBytes(Plan plan) {
        long perDraw = 4L * plan.chains() * plan.dim();
        long wanted = Math.max(STREAM_BUFFER_BYTES, 16 * perDraw);
        return Math.max(perDraw, Math.min(wanted, Math.min(Runtime.getRuntime().maxMemory() / 8, Integer.MAX_VALUE - 8L)));
    }

    /**
     * Plans memory and disk before any work: without --out the kept draws live in the heap;
     * with --out they stream to draws.npy, which must fit on the disk. The message gives the
     * sizes and names the options to change.
     */
    static void checkMemory(Plan plan, Path out) throws java.io.IOException {
        long stateValues = (long) plan.chains() * plan.dim();
        long drawValues = stateValues * plan.draws();
        long stateBytes = 4L * stateValues * (2 + plan.rule().auxiliaryVectors());
        long heap = Runtime.getRuntime().maxMemory();
        long available = (long) (heap * DRAW_MEMORY_FRACTION);
        String sizes = count(plan.chains(), "chain") + " x " + count(plan.draws(), "draw") + " x "
                + count(plan.dim(), "dimension");
        if (stateValues > Integer.MAX_VALUE - 8 || stateBytes + Math.min(streamBufferBytes(plan), 4 * drawValues) > available) {
            throw new ResourceLimitException(List.of("chains"), String.format(java.util.Locale.ROOT,
                    "The state of %s x %s needs %s of memory but Java has %s for it.",
                    count(plan.chains(), "chain"), count(plan.dim(), "dimension"), gb(stateBytes), gb(available)));
        }
        if (out == null && (4 * drawValues + stateBytes > available || drawValues > Integer.MAX_VALUE - 8)) {
            throw new ResourceLimitException(List.of("drawsFile", "thin", "chains", "steps"), String.format(
                    java.util.Locale.ROOT, "Keeping %s in memory needs %s but Java has %s for them; with --out DIR "
                            + "the draws stream to disk instead.", sizes, gb(4 * drawValues), gb(available)));
        }
        // the summary runs after the sampler, in the memory the kept draws leave (draws.npy is read in groups)
        long summaryAvailable = (long) (heap * Summary.MEMORY_FRACTION) - (out == null ? 4 * drawValues : 0);
        Summary.Layout layout = Summary.layout(plan.chains(), plan.draws(), plan.dim(), out != null, true,
                summaryAvailable, Runtime.getRuntime().availableProcessors());
        if (!layout.fits()) {
            throw new ResourceLimitException(out == null ? List.of("drawsFile", "thin", "chains", "steps")
                    : List.of("thin", "chains", "steps"), String.format(java.util.Locale.ROOT,
                    "Summarising %s per parameter needs %s of memory but %s is left for it%s (Java's heap can be raised "
                            + "with LANGEVIN_JAVA_OPTS=-Xmx<size>).",
                    count(plan.chains(), "chain") + " x " + count(plan.draws(), "draw"), gb(layout.minimumBytes()),
                    gb(Math.max(0, summaryAvailable)), out == null ? " beside the draws kept in memory" : ""));
        }
        if (out == null) {
            return;
        }
        Path existing = out.toAbsolutePath();
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free = existing == null ? Long.MAX_VALUE : java.nio.file.Files.getFileStore(existing).getUsableSpace();
        if (4 * drawValues > free) {
            throw new ResourceLimitException(List.of("thin", "chains", "steps", "drawsFile"), String.format(
                    java.util.Locale.ROOT, "draws.npy for %s needs %s but %s has %s free.", sizes,
                    gb(4 * drawValues), existing, gb(free)));
        }
    }

    /** "1 chain", "16 chains". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Bytes in GB with two significant digits: "0.0021 GB", "1.5 GB", "12 GB". */
    static String gb(long bytes) {
        if (bytes == 0) {
            return "0 GB";
        }
        java.math.BigDecimal value = new java.math.BigDecimal(bytes).divide(java.math.BigDecimal.valueOf(1_000_000_000L))
                .round(new java.math.MathContext(2));
        return value.stripTrailingZeros().toPlainString() + " GB";
    }

    private Map<String, Object> record(Plan plan, PlanOptions.Built built, Engine engine, RunResult result,
                                       Instant started, double coordinateSteps, List<String> names) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", plan.target().name());
        if (options.model.userModel()) {
            target.put("source", options.model.modelSource());
        }
        target.put("dim", plan.dim());
        target.put("params", built.params().asMap());
        target.put("parameter_names", names);
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
            target.put("data", data);
        }
        Map<String, Object> planRecord = new LinkedHashMap<>();
        planRecord.put("target", target);
        planRecord.put("algorithm", plan.rule().name());
        planRecord.put("algorithm_parameters", plan.rule().describe());
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
        record.put("engine", engine.name());
        record.put("versions", Map.of("langevin", Main.version(), "java", Runtime.version().toString(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch")));
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("started", started.toString());
        timing.put("sampling_seconds", result.seconds());
        timing.put("steps_per_second", plan.steps() / result.seconds());
        timing.put("coordinate_steps_per_second", coordinateSteps / result.seconds());
        record.put("timing", timing);
        record.put("draws_file", Map.of("name", "draws.npy", "dtype", "float32",
                "shape", List.of(plan.chains(), plan.draws(), plan.dim())));
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
        record.put("divergences", result.divergences().stream()
                .map(d -> Map.of("chain", d.chain(), "step", d.step())).toList());
        return record;
    }
}
