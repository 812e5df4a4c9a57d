package dev.langevin;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.diagnostics.DrawSource;
import dev.langevin.diagnostics.Ksd;
import dev.langevin.diagnostics.ParameterSummary;
import dev.langevin.diagnostics.Summary;
import dev.langevin.diagnostics.Superchains;
import dev.langevin.diagnostics.Verdict;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.Engines;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.ResourceLimitException;
import dev.langevin.io.NpyDrawWriter;
import dev.langevin.io.NpyDraws;
import dev.langevin.model.Model;
import dev.langevin.model.ModelTarget;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * Many chains of a model, from Java: the library's front door, and what {@code langevin run}
 * does under its options.
 * <pre>{@code
 * try (Sampler.Result result = Sampler.of(new MyModel()).chains(4096).steps(5000).stepSize(0.01).seed(42).run()) {
 *     result.summary().forEach(System.out::println);
 *     System.out.println(result.verdict().text());
 * }
 * }</pre>
 * Defaults are the command line's: 1024 chains, 2000 steps, the second half kept, SGLD with step
 * size 0.01 and temperature 1, the full gradient, starts uniform on [-2, 2], a random seed, the
 * {@code auto} engine, draws kept in memory (or streamed to a {@code .npy} file with
 * {@link #drawsFile}). Invalid settings are {@link InvalidParameterException}s naming the
 * parameter; plans that do not fit in memory or on disk are {@link ResourceLimitException}s.
 * The settings are read when the plan is first made (by {@link #plan()}, {@link #engine()} or
 * {@link #run()}); set them all before.
 */
public final class Sampler {
    /** Fraction of the JVM's heap the kept draws may take. */
    public static final double DRAW_MEMORY_FRACTION = 0.6;
    /** Memory for the block of draws gathered before each write to a draws file. */
    static final long STREAM_BUFFER_BYTES = 64L << 20;

    private final Target target;
    private Plan plan;
    private int chains = 1024;
    private int steps = 2000;
    private Integer burnIn;
    private int thin = 1;
    private StepSizeSchedule stepSize;
    private double temperature = 1;
    private UpdateRule rule = Algorithms.byName("sgld");
    private GradientEstimator estimator = new FullGradient();
    private InitialState init = new InitialState.Uniform(-2, 2);
    private Long seed;
    private String engine = "auto";
    private int device;
    private int superchains;
    private Path drawsFile;
    private ProgressListener progress = ProgressListener.NONE;
    private IntConsumer summaryProgress = done -> { };
    private Engine resolved;

    private Sampler(Target target, Plan plan) {
        this.target = target;
        this.plan = plan;
    }

    /** A sampler of a model written in the kernel subset. */
    public static Sampler of(Model model) {
        return new Sampler(ModelTarget.of(model), null);
    }

    /** A sampler of a target (a built-in from {@link dev.langevin.target.Targets}, say). */
    public static Sampler of(Target target) {
        return new Sampler(target, null);
    }

    /** A sampler of a complete plan; the plan's settings stand and only the run's settings apply. */
    public static Sampler of(Plan plan) {
        return new Sampler(plan.target(), plan);
    }

    /** Number of chains. */
    public Sampler chains(int chains) {
        this.chains = chains;
        return this;
    }

    /** Steps per chain, burn-in included. */
    public Sampler steps(int steps) {
        this.steps = steps;
        return this;
    }

    /** Steps before the first kept draw (default half the steps; csgld: 0). */
    public Sampler burnIn(int burnIn) {
        this.burnIn = burnIn;
        return this;
    }

    /** Keep every thin-th state after burn-in. */
    public Sampler thin(int thin) {
        this.thin = thin;
        return this;
    }

    /** A constant step size. */
    public Sampler stepSize(double stepSize) {
        InvalidParameterException.require(stepSize > 0 && Double.isFinite(stepSize), "stepSize",
                "The step size must be positive, got " + stepSize + ".");
        this.stepSize = new Constant(stepSize);
        return this;
    }

    /** A step size schedule ({@link dev.langevin.schedule.Schedules#parse} reads the command line's forms). */
    public Sampler stepSize(StepSizeSchedule schedule) {
        this.stepSize = schedule;
        return this;
    }

    /** Temperature of the noise. */
    public Sampler temperature(double temperature) {
        this.temperature = temperature;
        return this;
    }

    /** The update rule by name with its default settings ({@link Algorithms#NAMES}). */
    public Sampler algorithm(String name) {
        this.rule = Algorithms.byName(name);
        return this;
    }

    /** The update rule. */
    public Sampler algorithm(UpdateRule rule) {
        this.rule = rule;
        return this;
    }

    /** Minibatches of {@code size} rows, drawn per chain (or shared by all chains at a step). */
    public Sampler minibatch(int size, boolean shared) {
        InvalidParameterException.require(size >= 1, "batchSize", "The minibatch size must be at least 1, got " + size
                + ".");
        this.estimator = new MinibatchGradient(size, shared);
        return this;
    }

    /** The gradient estimator (full, minibatch, control variates). */
    public Sampler gradient(GradientEstimator estimator) {
        this.estimator = estimator;
        return this;
    }

    /** Starting points. */
    public Sampler init(InitialState init) {
        this.init = init;
        return this;
    }

    /** The 64-bit seed (default: drawn at random, and in the result's plan). */
    public Sampler seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** The engine by name ({@link Engines#NAMES}; default {@code auto}). */
    public Sampler engine(String engine) {
        this.engine = engine;
        this.resolved = null;
        return this;
    }

    /** The device of an engine that has several. */
    public Sampler device(int device) {
        this.device = device;
        this.resolved = null;
        return this;
    }

    /** Groups consecutive chains into superchains sharing a start, for nested R-hat (0: none). */
    public Sampler superchains(int superchains) {
        this.superchains = superchains;
        return this;
    }

    /** Streams the kept draws into this {@code .npy} file instead of memory (for runs larger than memory). */
    public Sampler drawsFile(Path file) {
        this.drawsFile = file;
        return this;
    }

    /** Hears of the sampling's progress. */
    public Sampler progress(ProgressListener progress) {
        this.progress = progress;
        return this;
    }

    /** Hears of the summary's progress, as the number of parameters done. */
    public Sampler summaryProgress(IntConsumer parametersDone) {
        this.summaryProgress = parametersDone;
        return this;
    }

    /** The plan these settings make (validated), superchains' shared starts included. */
    public Plan plan() {
        if (plan == null) {
            StepSizeSchedule schedule = stepSize != null ? stepSize
                    : rule.name().equals("csgld") ? new Cyclical(0.01, 4, steps) : new Constant(0.01);
            int burn = burnIn != null ? burnIn : rule.name().equals("csgld") ? 0 : steps / 2;
            plan = new Plan(target, estimator, rule, schedule, temperature, chains, 0, steps, burn, thin, init,
                    seed != null ? seed : new SecureRandom().nextLong());
        }
        if (superchains == 0) {
            return plan;
        }
        int size = Superchains.size(plan.chains(), superchains);
        return new Plan(plan.target(), plan.estimator(), plan.rule(), plan.stepSize(), plan.temperature(),
                plan.chains(), plan.firstChain(), plan.steps(), plan.burnIn(), plan.thin(),
                new InitialState.Grouped(plan.init(), size), plan.seed(), plan.stepGroups(), plan.temperatures(),
                plan.exchange());
    }

    /**
     * The engine that runs the plan, chosen once (asking for it early says why there is none
     * before any work).
     */
    public Engine engine() {
        if (resolved == null) {
            resolved = Engines.forPlan(engine, plan(), device);
        }
        return resolved;
    }

    /**
     * Checks before any work that the kept draws, the chains' state and the summary fit in
     * memory, and the draws file on its disk.
     *
     * @throws ResourceLimitException with the sizes, naming what would make the plan fit
     */
    public void checkResources() {
        Plan p = plan();
        long stateValues = (long) p.chains() * p.dim();
        long drawValues = stateValues * p.draws();
        long stateBytes = 4L * stateValues * (2 + p.rule().auxiliaryVectors());
        long heap = Runtime.getRuntime().maxMemory();
        long available = (long) (heap * DRAW_MEMORY_FRACTION);
        String sizes = count(p.chains(), "chain") + " x " + count(p.draws(), "draw") + " x " + count(p.dim(), "dimension");
        if (stateValues > Integer.MAX_VALUE - 8 || stateBytes + Math.min(streamBufferBytes(p), 4 * drawValues) > available) {
            throw new ResourceLimitException(List.of("chains"), String.format(Locale.ROOT,
                    "The state of %s x %s needs %s of memory but Java has %s for it.", count(p.chains(), "chain"),
                    count(p.dim(), "dimension"), gb(stateBytes), gb(available)));
        }
        boolean inMemory = drawsFile == null;
        if (inMemory && (4 * drawValues + stateBytes > available || drawValues > Integer.MAX_VALUE - 8)) {
            throw new ResourceLimitException(List.of("drawsFile", "thin", "chains", "steps"), String.format(Locale.ROOT,
                    "Keeping %s in memory needs %s but Java has %s for them; streamed to a file, the draws need "
                            + "only disk.", sizes, gb(4 * drawValues), gb(available)));
        }
        // the summary runs after the sampler, in the memory the kept draws leave (a draws file is read in groups)
        long summaryAvailable = (long) (heap * Summary.MEMORY_FRACTION) - (inMemory ? 4 * drawValues : 0);
        Summary.Layout layout = Summary.layout(p.chains(), p.draws(), p.dim(), !inMemory, true, summaryAvailable,
                Runtime.getRuntime().availableProcessors());
        if (!layout.fits()) {
            throw new ResourceLimitException(inMemory ? List.of("drawsFile", "thin", "chains", "steps")
                    : List.of("thin", "chains", "steps"), String.format(Locale.ROOT,
                    "Summarising %s per parameter needs %s of memory but %s is left for it%s (Java's heap can be raised "
                            + "with LANGEVIN_JAVA_OPTS=-Xmx<size>).",
                    count(p.chains(), "chain") + " x " + count(p.draws(), "draw"), gb(layout.minimumBytes()),
                    gb(Math.max(0, summaryAvailable)), inMemory ? " beside the draws kept in memory" : ""));
        }
        if (inMemory) {
            return;
        }
        Path existing = drawsFile.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        long free;
        try {
            free = existing == null ? Long.MAX_VALUE : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (4 * drawValues > free) {
            throw new ResourceLimitException(List.of("thin", "chains", "steps", "drawsFile"), String.format(Locale.ROOT,
                    "%s for %s needs %s but %s has %s free.", drawsFile.getFileName(), sizes, gb(4 * drawValues),
                    existing, gb(free)));
        }
    }

    /**
     * Runs the plan on its engine, keeps the draws (in memory or in the draws file) and
     * summarises them: diverged chains are left out of the summary and counted by the verdict.
     */
    public Result run() {
        Plan p = plan();
        Engine chosen = engine();
        checkResources();
        RunResult result;
        DrawSource draws;
        // under replica exchange only the first rung's chains, at the run's temperature, keep their draws
        int kept = p.exchange() == null ? p.chains() : p.exchange().ladders();
        if (drawsFile == null) {
            InMemoryDraws memory = new InMemoryDraws(kept, p.draws(), p.dim());
            result = chosen.run(p, firstChains(memory, kept), progress);
            draws = memory;
        } else {
            // the draws stream to disk as the run goes and are read back memory-mapped
            try (NpyDrawWriter writer = new NpyDrawWriter(drawsFile, kept, p.draws(), p.dim(), streamBufferBytes(p))) {
                result = chosen.run(p, firstChains(writer, kept), progress);
            } catch (IOException e) {
                throw dev.langevin.error.FileErrors.cannotWrite(drawsFile, e);
            }
            draws = NpyDraws.open(drawsFile);
        }
        Set<Integer> excluded = result.divergences().stream().map(d -> d.chain() - p.firstChain())
                .filter(c -> c < kept).collect(Collectors.toSet());
        List<ParameterSummary> summary = Summary.of(reported(p.target(), draws), p.target().reportedNames(), excluded,
                superchains, summaryProgress);
        Verdict verdict = p.rule().stochastic() ? Verdict.of(summary, kept, excluded.size())
                : Verdict.optimiser(p.algorithm(), kept, excluded.size());
        Set<Integer> notScored = new java.util.HashSet<>(excluded);
        for (int c = kept; c < p.chains(); c++) {
            notScored.add(c);
        }
        Ksd ksd = p.rule().stochastic() ? finalStateKsd(p, result, notScored, chosen) : null;
        return new Result(p, chosen.name(), result, draws, summary, verdict, superchains, ksd);
    }

    /** A sink that passes on the draws of the first {@code kept} chains only (all of them when kept is every chain). */
    static DrawSink firstChains(DrawSink sink, int kept) {
        return (draw, state, chains, dims) -> {
            if (kept == chains) {
                sink.accept(draw, state, chains, dims);
                return;
            }
            float[] part = new float[kept * dims];
            for (int j = 0; j < dims; j++) {
                System.arraycopy(state, j * chains, part, j * kept, kept);
            }
            sink.accept(draw, part, kept, dims);
        };
    }

    /**
     * The draws on the scale the target reports them (the summary's and the CmdStan CSV's): the
     * draws themselves unless a coordinate is sampled on another scale.
     */
    public static DrawSource reported(dev.langevin.target.Target target, DrawSource draws) {
        return target.transformsReports() ? new dev.langevin.diagnostics.ReportedDraws(draws, target::reported) : draws;
    }

    /** Points at most, for the KSD of the final states: its pairs cost n^2 d. */
    static final long KSD_WORK = 2_000_000_000L;

    /**
     * KSD of the final states of the chains that did not diverge, evenly thinned to at most
     * {@link #KSD_WORK} / d pairs' worth of points; null when every chain diverged.
     */
    static Ksd finalStateKsd(Plan p, RunResult result, Set<Integer> excluded) {
        return finalStateKsd(p, result, excluded, null);
    }

    /** As above, its pairs computed by the engine (on its device, for a device engine); on the host's cores without one. */
    static Ksd finalStateKsd(Plan p, RunResult result, Set<Integer> excluded, Engine engine) {
        int d = p.dim();
        int[] kept = java.util.stream.IntStream.range(0, p.chains()).filter(c -> !excluded.contains(c)).toArray();
        if (kept.length == 0) {
            return null;
        }
        int n = (int) Math.min(kept.length, Math.max(2, (long) Math.sqrt((double) KSD_WORK / d)));
        double[] x = new double[n * d];
        float[] state = result.finalState();
        for (int i = 0; i < n; i++) {
            int c = kept[(int) ((long) i * kept.length / n)];
            for (int j = 0; j < d; j++) {
                x[i * d + j] = state[j * p.chains() + c];
            }
        }
        return engine == null ? Ksd.of(p.target(), x, n) : engine.ksd(p.target(), x, n);
    }

    /**
     * A finished run: its plan, engine, chains' outcome, draws, summary and verdict. Close it to
     * release a memory-mapped draws file.
     *
     * @param plan        what was run
     * @param engine      the engine's name
     * @param run         final states, divergences, timings and acceptance counts
     * @param draws       the kept draws, (chains, draws, dims)
     * @param summary     per parameter, over the chains that did not diverge
     * @param verdict     whether the draws can be trusted
     * @param superchains superchains of the summary's nested R-hat (0: none)
     * @param ksd         kernel Stein discrepancy of the final states of the chains that did not
     *                    diverge (thinned when there are many); null for optimisers and when
     *                    every chain diverged
     */
    public record Result(Plan plan, String engine, RunResult run, DrawSource draws, List<ParameterSummary> summary,
                         Verdict verdict, int superchains, Ksd ksd) implements AutoCloseable {
        /** Chains x steps x dimensions per second of sampling. */
        public double coordinateStepsPerSecond() {
            return (double) plan.chains() * plan.steps() * plan.dim() / run.seconds();
        }

        @Override
        public void close() {
            if (draws instanceof NpyDraws mapped) {
                try {
                    mapped.close();
                } catch (IOException ignored) {
                    // a read-only mapping: nothing was to be written back
                }
            }
        }
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

    /** "1 chain", "16 chains". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Bytes in GB with two significant digits: "0.0021 GB", "1.5 GB", "12 GB". */
    private static String gb(long bytes) {
        if (bytes == 0) {
            return "0 GB";
        }
        BigDecimal value = new BigDecimal(bytes).divide(BigDecimal.valueOf(1_000_000_000L)).round(new MathContext(2));
        return value.stripTrailingZeros().toPlainString() + " GB";
    }
}
