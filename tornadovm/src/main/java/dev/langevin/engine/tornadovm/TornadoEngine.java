package dev.langevin.engine.tornadovm;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.Mala;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sgd;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.Sgnht;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.LaunchSchedule;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.RunResult;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.ResourceLimitException;
import dev.langevin.model.ModelTarget;
import dev.langevin.rng.Noise;
import dev.langevin.target.Ackley;
import dev.langevin.target.CorrelatedGaussian;
import dev.langevin.target.DataTarget;
import dev.langevin.target.DoubleWell;
import dev.langevin.target.Gaussian;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.LogisticRegression;
import dev.langevin.target.Mixture;
import dev.langevin.target.Quadratic;
import dev.langevin.target.Rosenbrock;
import dev.langevin.target.Target;

import uk.ac.manchester.tornado.api.ImmutableTaskGraph;
import uk.ac.manchester.tornado.api.TaskGraph;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.common.TornadoDevice;
import uk.ac.manchester.tornado.api.enums.DataTransferMode;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;
import uk.ac.manchester.tornado.api.types.arrays.IntArray;

import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tornadovm engine: one TaskGraph per plan whose task, {@link Kernels#advance}, TornadoVM
 * compiles from Java to OpenCL C or PTX at run time. The state, the target's data and the
 * scratch arrays go to the device once; each execution is one launch of K fused steps whose
 * step sizes, noise scales, Adam corrections and kept-draw slots (docs/DESIGN.md contract 3)
 * go with it, and whose kept draws come back after it. Step groups and replica exchange's
 * temperatures are factors of each chain's step size and noise scale, computed on the host; under
 * replica exchange the state comes back after each launch, which ends where an exchange is due,
 * and goes to the device again after the host's swaps. A model (dev.langevin.model.ModelTarget)
 * runs in {@link ModelKernel}, which calls the model's own static methods ({@link ModelRun}).
 */
public final class TornadoEngine implements Engine {
    /** Steps fused per launch unless the draw buffer needs fewer. */
    public static final int DEFAULT_LAUNCH_STEPS = 64;
    /** Bytes of kept draws one launch may hold on the device. */
    static final long DRAW_BUFFER_BYTES = 64L << 20;
    /** Share of the device's memory a plan may use. */
    static final double DEVICE_MEMORY_FRACTION = 0.8;

    private final int deviceIndex;
    private final int launchSteps;
    /** A kernel of the user's, or null for {@link Kernels#advance}. */
    private final AdvanceKernel kernel;
    private final float[] parameters;
    /** Whether an MLP's gradient takes a work-group per chain ({@link MlpGroups}): null for GPUs and accelerators only. */
    private final Boolean chainGroups;

    /** The engine on a device, numbered as {@link TornadoDevices#list()} lists them. */
    public TornadoEngine(int deviceIndex) {
        this(deviceIndex, DEFAULT_LAUNCH_STEPS);
    }

    /**
     * @param deviceIndex the device, numbered as {@link TornadoDevices#list()} lists them
     * @param launchSteps steps K fused per launch, at least 1
     */
    public TornadoEngine(int deviceIndex, int launchSteps) {
        this(deviceIndex, launchSteps, chainGroupsProperty());
    }

    /**
     * @param deviceIndex the device, numbered as {@link TornadoDevices#list()} lists them
     * @param launchSteps steps K fused per launch, at least 1
     * @param chainGroups whether an MLP's gradient may be computed by a work-group per chain
     *                    ({@link MlpGroups}): null where the device is a GPU or an accelerator
     */
    TornadoEngine(int deviceIndex, int launchSteps, Boolean chainGroups) {
        if (launchSteps < 1) {
            throw new IllegalArgumentException("launch steps must be at least 1, got " + launchSteps + ".");
        }
        this.deviceIndex = deviceIndex;
        this.launchSteps = launchSteps;
        this.kernel = null;
        this.parameters = null;
        this.chainGroups = chainGroups;
    }

    /** The system property langevin.tornadovm.chainGroups (true or false), or null when it is not set. */
    private static Boolean chainGroupsProperty() {
        String value = System.getProperty("langevin.tornadovm.chainGroups");
        return value == null || value.isBlank() ? null : Boolean.valueOf(value.strip());
    }

    /**
     * The engine with a kernel of the user's for a target this engine has none for: the
     * kernel computes the target's gradient in Java and calls {@link Kernels}' steps; the
     * plan's target is the same density in double, for the other engines and the tests.
     *
     * @param deviceIndex the device, numbered as {@link TornadoDevices#list()} lists them
     * @param launchSteps steps K fused per launch, at least 1
     * @param kernel      the task, a method reference to a static method
     * @param parameters  the target's parameters as the kernel reads them (its params array)
     */
    public TornadoEngine(int deviceIndex, int launchSteps, AdvanceKernel kernel, float[] parameters) {
        if (launchSteps < 1) {
            throw new IllegalArgumentException("launch steps must be at least 1, got " + launchSteps + ".");
        }
        this.deviceIndex = deviceIndex;
        this.launchSteps = launchSteps;
        this.kernel = kernel;
        this.parameters = parameters.length == 0 ? new float[] {0} : parameters.clone();
        this.chainGroups = null;
    }

    @Override
    public String name() {
        return "tornadovm";
    }

    /** The pairs of the kernel Stein discrepancy on this engine's device ({@link TornadoKsd}), the scores from the host. */
    @Override
    public dev.langevin.diagnostics.Ksd ksd(Target target, double[] x, int n) {
        double[] scores = dev.langevin.diagnostics.Ksd.scores(target, x, n);
        return TornadoKsd.of(deviceIndex, x, scores, n, target.dim(), dev.langevin.diagnostics.Ksd.C,
                dev.langevin.diagnostics.Ksd.BETA);
    }

    /** Why this engine cannot run a plan, or empty when it can. */
    public static Optional<String> unsupported(Plan plan) {
        if (plan.target() instanceof ModelTarget model) {
            return unsupportedModel(plan, model);
        }
        if (ruleId(plan.rule()) < 0) {
            return Optional.of("The tornadovm engine has no kernel for algorithm " + plan.rule().name()
                    + " (it has sgld, psgld, sghmc, sgnht, csgld, sgld-cv, sgd and adam, and mala for models); use --engine cpu or opencl.");
        }
        if (targetId(plan.target()) < 0 || !estimatorSupported(plan.target(), plan.estimator())) {
            return Optional.of("The tornadovm engine has no kernel for target " + plan.target().name() + " with the "
                    + plan.estimator().describe() + " gradient; use --engine cpu or opencl.");
        }
        return Optional.empty();
    }

    /**
     * A model runs in {@link ModelKernel}, made for it by {@link ModelKernels}: with every rule
     * of the built-in targets and mala, the full gradient or (with data rows) minibatches.
     */
    private static Optional<String> unsupportedModel(Plan plan, ModelTarget model) {
        if (ruleId(plan.rule()) < 0 && !(plan.rule() instanceof Mala)) {
            return Optional.of("The tornadovm engine has no kernel for algorithm " + plan.rule().name() + " with model "
                    + model.name() + " (it has sgld, psgld, sghmc, sgnht, csgld, sgd, adam and mala); use --engine cpu or reference.");
        }
        if (!(plan.estimator() instanceof FullGradient || (plan.estimator() instanceof MinibatchGradient
                && model instanceof DataTarget))) {
            return Optional.of("The tornadovm engine runs model " + model.name() + " with the full gradient"
                    + (model instanceof DataTarget ? " or minibatches" : "") + ", not the " + plan.estimator().describe()
                    + " gradient; use --engine cpu or reference.");
        }
        return ModelKernels.unavailable(model);
    }

    static int ruleId(UpdateRule rule) {
        return switch (rule) {
            case Sgld s -> Kernels.SGLD;
            case Csgld s -> Kernels.SGLD;
            case Sgd s -> Kernels.SGD;
            case Adam a -> Kernels.ADAM;
            case Psgld p -> Kernels.PSGLD;
            case Sghmc h -> Kernels.SGHMC;
            case Sgnht h -> Kernels.SGNHT;
            default -> -1;
        };
    }

    static int targetId(Target target) {
        return switch (target) {
            case Gaussian t -> Kernels.GAUSSIAN;
            case Quadratic t -> Kernels.QUADRATIC;
            case Ackley t -> Kernels.ACKLEY;
            case Rosenbrock t -> Kernels.ROSENBROCK;
            case DoubleWell t -> Kernels.DOUBLE_WELL;
            case Mixture t -> Kernels.MIXTURE;
            case CorrelatedGaussian t -> Kernels.CORRELATED;
            case LinearRegression t -> Kernels.LINEAR;
            case LogisticRegression t -> Kernels.LOGISTIC;
            default -> -1;
        };
    }

    private static boolean estimatorSupported(Target target, GradientEstimator estimator) {
        return estimator instanceof FullGradient
                || ((target instanceof LinearRegression || target instanceof LogisticRegression)
                && (estimator instanceof MinibatchGradient || estimator instanceof ControlVariateGradient));
    }

    @Override
    public RunResult run(Plan plan, DrawSink sink, ProgressListener progress) {
        if (kernel == null) {
            unsupported(plan).ifPresent(message -> {
                throw new InvalidParameterException("engine", message);
            });
            if (plan.target() instanceof ModelTarget) {
                return ModelRun.run(plan, sink, progress, deviceIndex, launchSteps, chainGroups);
            }
        } else if (ruleId(plan.rule()) < 0 || ruleId(plan.rule()) > Kernels.ADAM
                || !(plan.estimator() instanceof FullGradient)) {
            throw new InvalidParameterException("algorithm", "The tornadovm engine with a kernel of your own runs sgld, csgld, sgd or "
                    + "adam with the full gradient; this plan has " + plan.rule().name() + " with the "
                    + plan.estimator().describe() + " gradient.");
        }
        long started = System.nanoTime();
        TornadoDevice device = TornadoDevices.device(deviceIndex);
        int d = plan.dim();
        int chains = plan.chains();
        int k = launchSteps;
        while (k > 1 && (long) LaunchSchedule.keptPerLaunch(k, plan.thin()) * 4L * d * chains > DRAW_BUFFER_BYTES) {
            k /= 2;
        }
        int kept = Math.min(LaunchSchedule.keptPerLaunch(k, plan.thin()), Math.max(1, plan.draws()));
        Inputs inputs = kernel == null ? Inputs.of(plan) : new Inputs(FloatArray.fromArray(parameters),
                FloatArray.fromElements(0f), FloatArray.fromElements(0f), 0, 0, 0, false);
        int auxiliary = plan.rule().auxiliaryVectors();
        int factors = factorFloats(plan);
        long bytes = 4L * d * chains * (2 + auxiliary + kept) + 4L * chains * 10 + 4L * factors + inputs.bytes();
        long usable = (long) (device.getMaxGlobalMemory() * DEVICE_MEMORY_FRACTION);
        if (bytes > usable || (long) kept * d * chains > Integer.MAX_VALUE) {
            throw new ResourceLimitException(java.util.List.of("chains", "dimension"), String.format(Locale.ROOT,
                    "The plan needs %.1f MB of device memory but TornadoVM device %d (%s) offers %.1f MB.", bytes / 1e6, deviceIndex, device.getDeviceName(), usable / 1e6));
        }

        FloatArray theta = initialState(plan);
        FloatArray grad = new FloatArray(d * chains);
        FloatArray aux0 = new FloatArray(auxiliary > 0 ? d * chains : 1);
        // Adam's second moment, or sgnht's thermostat
        FloatArray aux1 = new FloatArray(auxiliary > 1 ? d * chains : Math.max(1, plan.rule().scalars() * chains));
        aux0.init(0f);
        aux1.init(0f);
        IntArray diverged = new IntArray(chains);
        diverged.init(-1);
        FloatArray draws = new FloatArray(kept * d * chains);
        IntArray launch = new IntArray(Kernels.KEPT + k);
        // the launch's four per-step series, then the rule's constants, then the chains' factors
        FloatArray schedule = new FloatArray(4 * k + 4 + factors);
        writeFactors(plan, schedule, launch, 4 * k + 4);
        writeRuleConstants(plan.rule(), schedule, launch, 4 * k);
        launch.set(Kernels.CONTROL_VARIATE, plan.estimator() instanceof ControlVariateGradient ? 1 : 0);
        FloatArray normals = new FloatArray(4 * chains);
        IntArray words = new IntArray(4 * chains);
        launch.set(Kernels.CHAINS, chains);
        launch.set(Kernels.FIRST_CHAIN, plan.firstChain());
        launch.set(Kernels.KEY0, (int) plan.seed());
        launch.set(Kernels.KEY1, (int) (plan.seed() >>> 32));
        launch.set(Kernels.TARGET, kernel == null ? targetId(plan.target()) : -1);
        launch.set(Kernels.RULE, ruleId(plan.rule()));
        launch.set(Kernels.DIM, d);
        launch.set(Kernels.ROWS, inputs.rows());
        launch.set(Kernels.COLS, inputs.columns());
        launch.set(Kernels.BATCH, inputs.batch());
        launch.set(Kernels.SHARED, inputs.shared() ? 1 : 0);
        launch.set(Kernels.LAUNCH_STEPS, k);
        launch.set(Kernels.COMPONENTS, plan.target() instanceof Mixture m ? m.means().length : 0);

        ReplicaExchange exchange = plan.exchange();
        // under replica exchange the state goes to the host after each launch and back before the next
        TaskGraph graph = new TaskGraph("langevin")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, grad, aux0, aux1, diverged, inputs.params(),
                        inputs.features(), inputs.labels(), normals, words)
                .transferToDevice(exchange == null ? DataTransferMode.FIRST_EXECUTION : DataTransferMode.EVERY_EXECUTION,
                        theta)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, schedule, launch)
                .task("advance", kernel == null ? Kernels::advance : kernel, theta, grad, aux0, aux1, diverged, draws, schedule, launch,
                        inputs.params(), inputs.features(), inputs.labels(), normals, words)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, draws);
        if (exchange == null) {
            graph.transferToHost(DataTransferMode.UNDER_DEMAND, theta, diverged);
        } else {
            graph.transferToHost(DataTransferMode.EVERY_EXECUTION, theta);
            graph.transferToHost(DataTransferMode.UNDER_DEMAND, diverged);
        }
        ImmutableTaskGraph snapshot = graph.snapshot();
        long[] swaps = exchange == null ? null : new long[exchange.rungs() - 1];
        float[] state = exchange == null ? null : new float[d * chains];
        float[][] buffer = new float[kept][d * chains];
        try (TornadoExecutionPlan execution = new TornadoExecutionPlan(snapshot)) {
            execution.withDevice(device);
            TornadoExecutionResult result = null;
            for (int start = 0; start < plan.steps(); start += plan.launchLength(start, k)) {
                LaunchSchedule steps = LaunchSchedule.of(plan, start, plan.launchLength(start, k));
                for (int i = 0; i < steps.fused(); i++) {
                    writeStep(schedule, launch, steps, k, i, i);
                }
                launch.set(Kernels.START, start);
                launch.set(Kernels.FUSED, steps.fused());
                result = execution.execute();
                for (int i = 0; i < steps.keptDraws(); i++) {
                    java.lang.foreign.MemorySegment.copy(draws.getSegment(), ValueLayout.JAVA_FLOAT,
                            4L * i * d * chains, buffer[i], 0, d * chains);
                    sink.accept(steps.firstDraw() + i, buffer[i], chains, d);
                }
                int last = start + steps.fused() - 1;
                if (exchange != null && exchange.after(last, plan.steps())) {
                    // the host swaps positions between rungs (replica exchange runs sgld: theta is all the state)
                    java.lang.foreign.MemorySegment.copy(theta.getSegment(), ValueLayout.JAVA_FLOAT, 0, state, 0,
                            d * chains);
                    ReplicaExchange.tally(swaps, exchange.exchange(plan, last, state));
                    java.lang.foreign.MemorySegment.copy(state, 0, theta.getSegment(), ValueLayout.JAVA_FLOAT, 0,
                            d * chains);
                }
                progress.advanced(start + steps.fused(), plan.steps());
            }
            if (exchange == null) {
                result.transferToHost(theta, diverged);
            } else {
                result.transferToHost(diverged);
            }
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("tornadovm engine: " + e.getMessage(), e);
        }
        List<Divergence> divergences = new ArrayList<>();
        for (int c = 0; c < chains; c++) {
            if (diverged.get(c) >= 0) {
                divergences.add(new Divergence(plan.firstChain() + c, diverged.get(c)));
            }
        }
        return new RunResult(theta.toHeapArray(), divergences, (System.nanoTime() - started) * 1e-9, null, swaps);
    }

    /** Floats of the chains' factors in schedule: 2 a chain with step groups or replica exchange, else 1. */
    /**
     * The launch's step i (its step size, noise scale, the rule's two corrections and the index of the draw it keeps)
     * into the kernels' slot {@code slot} of the four series of K in schedule and of launch's kept indices.
     */
    static void writeStep(FloatArray schedule, IntArray launch, LaunchSchedule steps, int k, int i, int slot) {
        schedule.set(slot, steps.stepSizes()[i]);
        schedule.set(k + slot, steps.noiseScales()[i]);
        schedule.set(2 * k + slot, steps.firstCorrection()[i]);
        schedule.set(3 * k + slot, steps.secondCorrection()[i]);
        launch.set(Kernels.KEPT + slot, steps.keptIndex()[i]);
    }

    static int factorFloats(Plan plan) {
        return plan.stepGroups() == null && plan.exchange() == null ? 1 : 2 * plan.chains();
    }

    /** The rule's constants at schedule[at ..] (and sghmc's refresh interval in launch), as both kernels read them. */
    static void writeRuleConstants(UpdateRule rule, FloatArray schedule, IntArray launch, int at) {
        switch (rule) {
            case Psgld p -> {
                schedule.set(at, (float) p.alpha());
                schedule.set(at + 1, (float) (1 - p.alpha()));
                schedule.set(at + 2, (float) p.lambda());
            }
            case Sghmc h -> {
                schedule.set(at, (float) (1 - h.friction()));
                schedule.set(at + 1, (float) Math.sqrt(h.friction() - h.noiseEstimate()));
                schedule.set(at + 2, (float) (1 / (2 - h.friction())));
                schedule.set(at + 3, (float) (1 / Math.sqrt(2 - h.friction())));
                launch.set(Kernels.RESAMPLE, h.resampleEvery());
            }
            case Sgnht h -> {
                schedule.set(at, (float) h.friction());
                schedule.set(at + 1, (float) Math.sqrt(h.friction()));
                schedule.set(at + 2, (float) (1 / Math.sqrt(2)));
            }
            default -> {
            }
        }
    }

    /**
     * Writes the chains' factors to schedule from {@code at} and where they are to launch
     * ({@link Kernels#FACTORS}): each chain's factor f of the step size (dev.langevin.engine.StepGroups)
     * as a float, then sqrt(f tau) of its noise scale (tau: its rung's factor of the temperature under
     * replica exchange), as the opencl engine computes them; one 1 for all the chains without either.
     */
    static void writeFactors(Plan plan, FloatArray schedule, IntArray launch, int at) {
        launch.set(Kernels.FACTORS, at);
        double[] factors = plan.chainFactors();
        double[] heat = plan.chainTemperatureFactors();
        if (factors == null && heat == null) {
            schedule.set(at, 1f);
            launch.set(Kernels.FACTOR_STRIDE, 0);
            return;
        }
        launch.set(Kernels.FACTOR_STRIDE, 1);
        int chains = plan.chains();
        for (int c = 0; c < chains; c++) {
            double f = factors == null ? 1 : factors[c];
            schedule.set(at + c, (float) f);
            schedule.set(at + chains + c, (float) Math.sqrt(f * (heat == null ? 1 : heat[c])));
        }
    }

    /** Starting points (stream 4) computed on the host as the reference computes them, rounded to float. */
    private static FloatArray initialState(Plan plan) {
        int chains = plan.chains();
        int d = plan.dim();
        FloatArray state = new FloatArray(d * chains);
        Noise noise = new Noise(plan.seed());
        for (int c = 0; c < chains; c++) {
            for (int j = 0; j < d; j++) {
                state.set(j * chains + c, (float) plan.init().value(noise, plan.firstChain() + c, j));
            }
        }
        return state;
    }

    /** The target's parameters and data as the kernel reads them. */
    record Inputs(FloatArray params, FloatArray features, FloatArray labels, int rows, int columns, int batch,
                  boolean shared) {
        long bytes() {
            return 4L * (params.getSize() + features.getSize() + labels.getSize());
        }

        static Inputs of(Plan plan) {
            Target target = plan.target();
            // the built-ins' kernels read the model's one description of its constants, its parameters()
            return switch (target) {
                case Gaussian g -> analytic(g.parameters());
                case Quadratic q -> analytic(q.parameters());
                case Ackley a -> analytic(a.parameters());
                case Rosenbrock r -> analytic(r.parameters());
                case DoubleWell w -> analytic(w.parameters());
                case Mixture m -> analytic(m.parameters());
                case CorrelatedGaussian g -> analytic(g.parameters());
                case LinearRegression r -> regression(plan, r, r.dataset());
                case LogisticRegression r -> regression(plan, r, r.dataset());
                default -> throw new IllegalStateException("no tornadovm kernel for target " + target.name());
            };
        }

        private static Inputs analytic(float[] parameters) {
            return new Inputs(FloatArray.fromArray(parameters), FloatArray.fromElements(0f), FloatArray.fromElements(0f),
                    0, 0, 0, false);
        }

        private static Inputs regression(Plan plan, DataTarget target, Dataset data) {
            int batch = 0;
            boolean shared = false;
            double weight = 1;
            double[] offset = new double[0];
            double[] slopes = new double[0];
            if (plan.estimator() instanceof MinibatchGradient minibatch) {
                batch = minibatch.batchSize();
                shared = minibatch.shared();
                weight = (double) data.rows() / batch;
            } else if (plan.estimator() instanceof ControlVariateGradient cv) {
                batch = cv.batchSize();
                shared = cv.shared();
                weight = (double) data.rows() / batch;
                offset = cv.dataGradientAtMode();
                slopes = cv.interceptGradientsAtMode(target);
            }
            // the model's parameters (d, prior precision, noise precision), N / n; with sgld-cv the data gradient at
            // the mode and each row's slope there
            float[] parameters = ((dev.langevin.target.BuiltInModel) target).parameters();
            int at = parameters.length;
            float[] p = java.util.Arrays.copyOf(parameters, at + 1 + offset.length + slopes.length);
            p[at] = (float) weight;
            for (int j = 0; j < offset.length; j++) {
                p[at + 1 + j] = (float) offset[j];
            }
            for (int r = 0; r < slopes.length; r++) {
                p[at + 1 + offset.length + r] = (float) slopes[r];
            }
            FloatArray params = FloatArray.fromArray(p);
            return new Inputs(params, FloatArray.fromArray(floats(data.features())),
                    FloatArray.fromArray(floats(data.labels())), data.rows(), data.columns(), batch, shared);
        }

        private static float[] floats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }
    }
}
