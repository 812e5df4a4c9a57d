package dev.langevin.engine.opencl;

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
import dev.langevin.algorithm.Sgnht;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.DrawSink;
import dev.langevin.engine.Engine;
import dev.langevin.engine.LaunchSchedule;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.engine.ProgressListener;
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
import dev.langevin.target.Mlp;
import dev.langevin.target.Quadratic;
import dev.langevin.target.Rosenbrock;
import dev.langevin.target.Target;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * OpenCL C kernels (kernels/: philox.cl, state.cl, the target's file in targets/, the rule's in
 * rules/ and langevin.cl) through JOCL: one work item per chain advances it K fused steps per
 * launch, drawing its noise from Philox on the device (docs/DESIGN.md contract 2), with the K
 * step sizes and noise scales computed on the host (contract 3). The kernel is compiled per plan
 * with the target, rule and dimension as constants.
 *
 * <p>Memory is planned from the device's size: when the chains' state, kept draws and data do
 * not fit, the chains run in batches, each launch moving a batch's state in and out; since
 * noise is addressed by global chain index, batching does not change any number. Kept draws
 * are read back after each launch and handed to the sink by a separate thread while the next
 * launch runs.
 */
public final class OpenClEngine implements Engine {
    /** Steps fused per launch unless the draw buffer needs fewer. */
    public static final int DEFAULT_LAUNCH_STEPS = 64;
    /** Bytes of kept draws one launch may hold on the device and in the host's two buffers. */
    public static final long DRAW_BUFFER_BYTES = 64L << 20;
    /** Fraction of the device's global memory the plan uses. */
    static final double DEVICE_MEMORY_FRACTION = 0.8;

    /**
     * The arguments of kernels/langevin.cl's kernel advance in its order, by which the host binds
     * them; checked against the compiled kernel's own ({@link KernelArguments}).
     */
    static final List<String> ADVANCE_ARGUMENTS = List.of("theta", "grad", "aux0", "aux1", "scalars", "divergedAt", "draws",
            "stepSizes", "noiseScales", "stepFactors", "noiseFactors", "firstCorrection", "secondCorrection", "keptIndex", "first", "start", "fused", "chains",
            "firstChain", "key0", "key1", "p", "features", "labels", "accepted", "countFrom");

    /** The arguments of kernels/mlp-group.cl's kernel mlp_gradient in its order. */
    static final List<String> MLP_GRADIENT_ARGUMENTS = List.of("theta", "grad", "divergedAt", "stepNumber", "chains",
            "firstChain", "key0", "key1", "p", "features");
    /** Work items per chain of the kernel mlp_gradient, at most (fewer where the device allows fewer). */
    static final int MLP_GROUP_SIZE = 64;

    private final int deviceIndex;
    private final int launchSteps;
    private final int workGroupSize;
    private final int batchChains;
    /** Whether an MLP's gradient takes a work-group per chain: null for GPUs and accelerators only. */
    private final Boolean chainGroups;

    /** Device {@code deviceIndex}, default K, the driver's work-group size, batches only when needed. */
    public OpenClEngine(int deviceIndex) {
        this(deviceIndex, DEFAULT_LAUNCH_STEPS, 0, 0);
    }

    /**
     * @param deviceIndex   the device's number in {@link OpenCl#devices()}
     * @param launchSteps   steps K fused per launch, at least 1
     * @param workGroupSize work items per group, or 0 to let the driver choose
     * @param batchChains   chains per batch, or 0 to batch only when memory requires it
     */
    public OpenClEngine(int deviceIndex, int launchSteps, int workGroupSize, int batchChains) {
        this(deviceIndex, launchSteps, workGroupSize, batchChains, null);
    }

    /**
     * @param deviceIndex   the device's number in {@link OpenCl#devices()}
     * @param launchSteps   steps K fused per launch, at least 1
     * @param workGroupSize work items per group, or 0 to let the driver choose
     * @param batchChains   chains per batch, or 0 to batch only when memory requires it
     * @param chainGroups   whether an MLP's gradient may be computed by a work-group per chain
     *                      (kernels/mlp-group.cl): null where the device is a GPU or an accelerator
     *                      (on a CPU, PoCL runs one work item per chain, vectorised across chains,
     *                      about twice as fast), true or false on any device
     */
    OpenClEngine(int deviceIndex, int launchSteps, int workGroupSize, int batchChains, Boolean chainGroups) {
        if (launchSteps < 1) {
            throw new IllegalArgumentException("launch steps must be at least 1, got " + launchSteps + ".");
        }
        if (workGroupSize < 0 || batchChains < 0) {
            throw new IllegalArgumentException("work-group size and batch size must not be negative.");
        }
        this.deviceIndex = deviceIndex;
        this.launchSteps = launchSteps;
        this.workGroupSize = workGroupSize;
        this.batchChains = batchChains;
        this.chainGroups = chainGroups;
    }

    /** The pairs of the kernel Stein discrepancy on this engine's device (kernels/ksd.cl), the scores from the host. */
    @Override
    public dev.langevin.diagnostics.Ksd ksd(Target target, double[] x, int n) {
        double[] scores = dev.langevin.diagnostics.Ksd.scores(target, x, n);
        return OpenClKsd.of(deviceIndex, x, scores, n, target.dim(), dev.langevin.diagnostics.Ksd.C,
                dev.langevin.diagnostics.Ksd.BETA);
    }

    @Override
    public String name() {
        return "opencl";
    }

    /** Why this engine cannot run a plan, or empty when it can. */
    public static Optional<String> unsupported(Plan plan) {
        if (ruleDefine(plan.rule()) == null) {
            return Optional.of("The opencl engine has no kernel for algorithm " + plan.rule().name()
                    + "; use --engine cpu or reference.");
        }
        if (plan.target() instanceof ModelTarget model && model.openClSource().isEmpty()) {
            return Optional.of("The opencl engine runs " + model.name() + " only with its functions in OpenCL C "
                    + "(kernels/README.md, given with --model-cl FILE.cl); use --engine cpu or reference.");
        }
        if (targetDefine(plan.target()) == null || !estimatorSupported(plan.target(), plan.estimator())) {
            return Optional.of("The opencl engine has no kernel for target " + plan.target().name() + " with the "
                    + plan.estimator().describe() + " gradient; use --engine cpu or reference.");
        }
        return Optional.empty();
    }

    /** The rule's -D options (constants as exact float literals), or null when there is no kernel. */
    private static String ruleDefine(UpdateRule rule) {
        return switch (rule) {
            // csgld: SGLD whose noise scale the host sets to 0 in exploration stages
            case Sgld s -> "RULE_SGLD";
            case Csgld s -> "RULE_SGLD";
            case Sgd s -> "RULE_SGD";
            case Adam a -> "RULE_ADAM";
            case Psgld r -> "RULE_PSGLD -D PSGLD_ALPHA=" + literal(r.alpha()) + " -D PSGLD_KEEP=" + literal(1 - r.alpha())
                    + " -D PSGLD_LAMBDA=" + literal(r.lambda());
            case Sghmc r -> "RULE_SGHMC -D SGHMC_KEEP=" + literal(1 - r.friction()) + " -D SGHMC_NOISE="
                    + literal(Math.sqrt(r.friction() - r.noiseEstimate())) + " -D SGHMC_SHARE="
                    + literal(1 / (2 - r.friction())) + " -D SGHMC_MOMENTUM=" + literal(1 / Math.sqrt(2 - r.friction()))
                    + " -D SGHMC_RESAMPLE=" + r.resampleEvery();
            case Sgnht r -> "RULE_SGNHT -D SGNHT_FRICTION=" + literal(r.friction()) + " -D SGNHT_NOISE="
                    + literal(Math.sqrt(r.friction())) + " -D SGNHT_MOMENTUM=" + literal(1 / Math.sqrt(2));
            case Mala m -> "RULE_MALA";
            default -> null;
        };
    }

    /** A float constant as an OpenCL C hexadecimal literal, exact. */
    private static String literal(double value) {
        return Float.toHexString((float) value) + "f";
    }

    /** Auxiliary vectors on the device: the rule's, or for mala the saved state when it is not private. */
    private static int deviceAuxiliary(Plan plan) {
        if (plan.rule().state().acceptTest()) {
            return plan.dim() <= 32 ? 0 : 1;
        }
        return plan.rule().auxiliaryVectors();
    }

    private static String targetDefine(Target target) {
        return switch (target) {
            case Gaussian t -> "TARGET_GAUSSIAN";
            case Quadratic t -> "TARGET_QUADRATIC";
            case CorrelatedGaussian t -> "TARGET_CORRELATED";
            case Ackley t -> "TARGET_ACKLEY";
            case Rosenbrock t -> "TARGET_ROSENBROCK";
            case Mixture t -> "TARGET_MIXTURE";
            case DoubleWell t -> "TARGET_DOUBLE_WELL";
            case LinearRegression t -> "TARGET_LINEAR";
            case LogisticRegression t -> "TARGET_LOGISTIC";
            case ModelTarget t -> "TARGET_MODEL";
            default -> null;
        };
    }

    /** The file under kernels/ that defines the target's target_gradient. */
    private static String targetFile(Target target) {
        return "targets/" + switch (target) {
            case Gaussian t -> "gaussian.cl";
            case Quadratic t -> "quadratic.cl";
            case CorrelatedGaussian t -> "correlated-gaussian.cl";
            case Ackley t -> "ackley.cl";
            case Rosenbrock t -> "rosenbrock.cl";
            case Mixture t -> "mixture.cl";
            case DoubleWell t -> "double-well.cl";
            case LinearRegression t -> "regression.cl";
            case LogisticRegression t -> "regression.cl";
            case ModelTarget t -> "model.cl";
            default -> throw new IllegalStateException("no opencl kernel for target " + target.name());
        };
    }

    /** The file under kernels/ that defines the rule's rule_step. */
    private static String ruleFile(UpdateRule rule) {
        return "rules/" + switch (rule) {
            case Sgld s -> "sgld.cl";
            case Csgld s -> "sgld.cl";
            case Sgd s -> "sgd.cl";
            case Adam a -> "adam.cl";
            case Psgld r -> "psgld.cl";
            case Sghmc r -> "sghmc.cl";
            case Sgnht r -> "sgnht.cl";
            case Mala m -> "mala.cl";
            default -> throw new IllegalStateException("no opencl kernel for algorithm " + rule.name());
        };
    }

    private static boolean estimatorSupported(Target target, GradientEstimator estimator) {
        if (target instanceof ModelTarget) {
            return estimator instanceof FullGradient || (target instanceof DataTarget
                    && (estimator instanceof MinibatchGradient || estimator instanceof ControlVariateGradient));
        }
        return estimator instanceof FullGradient
                || ((target instanceof LinearRegression || target instanceof LogisticRegression)
                && (estimator instanceof MinibatchGradient || estimator instanceof ControlVariateGradient));
    }

    /**
     * The kernel's compile-time options and arguments for a plan's target.
     *
     * @param options  -D options
     * @param floats   the target's float parameters (p)
     * @param features the data's features, row-major, or one zero
     * @param labels   the data's labels, or one zero
     * @param chainGroups whether the gradient is the kernel mlp_gradient's, a work-group per chain
     */
    record TargetKernel(String options, float[] floats, float[] features, float[] labels, boolean chainGroups) {
        long dataBytes() {
            return 4L * (floats.length + features.length + labels.length);
        }
    }

    static TargetKernel targetKernel(Plan plan, long localMemory) {
        return targetKernel(plan, localMemory, true);
    }

    static TargetKernel targetKernel(Plan plan, long localMemory, boolean allowChainGroups) {
        Target target = plan.target();
        int d = target.dim();
        StringBuilder options = new StringBuilder("-D DIM=" + d + " -D " + targetDefine(target) + " -D "
                + ruleDefine(plan.rule()));
        float[] floats = {0};
        float[] features = {0};
        float[] labels = {0};
        switch (target) {
            // the built-ins' kernels read the model's one description of its constants, its parameters()
            case Mixture m -> {
                floats = m.parameters();
                options.append(" -D COMPONENTS=").append((int) floats[1]);
            }
            case Gaussian g -> floats = g.parameters();
            case Quadratic q -> floats = q.parameters();
            case CorrelatedGaussian cg -> floats = cg.parameters();
            case Ackley a -> floats = a.parameters();
            case Rosenbrock r -> floats = r.parameters();
            case DoubleWell w -> floats = w.parameters();
            case LinearRegression r -> {
                RegressionData data = regression(plan, r, r.dataset(), localMemory, options);
                floats = data.floats();
                features = data.features();
                labels = data.labels();
            }
            case LogisticRegression r -> {
                RegressionData data = regression(plan, r, r.dataset(), localMemory, options);
                floats = data.floats();
                features = data.features();
                labels = data.labels();
            }
            case ModelTarget m -> {
                float[] parameters = m.parameters();
                floats = parameters.length == 0 ? new float[] {0} : parameters.clone();
                int rows = m instanceof DataTarget data ? data.rows() : 0;
                int rowLength = m.model().rowLength();
                options.append(" -D ROWS=").append(rows).append(" -D ROW_LENGTH=").append(Math.max(1, rowLength));
                if (rows > 0) {
                    features = m.model().data().clone();
                }
                int batch = 0;
                boolean shared = false;
                if (plan.estimator() instanceof MinibatchGradient minibatch) {
                    batch = minibatch.batchSize();
                    shared = minibatch.shared();
                } else if (plan.estimator() instanceof ControlVariateGradient cv) {
                    batch = cv.batchSize();
                    shared = cv.shared();
                    // labels: sum_i grad U_i at the mode (d), then the mode (d)
                    double[] atMode = cv.dataGradientAtMode();
                    double[] mode = cv.mode();
                    labels = new float[2 * d];
                    for (int j = 0; j < d; j++) {
                        labels[j] = (float) atMode[j];
                        labels[d + j] = (float) mode[j];
                    }
                    options.append(" -D CONTROL_VARIATE");
                }
                options.append(" -D BATCH=").append(batch);
                if (batch > 0) {
                    options.append(" -D MODEL_WEIGHT=").append(literal((float) ((double) rows / batch)));
                    if (shared) {
                        options.append(" -D SHARED_BATCH");
                    }
                }
            }
            default -> throw new IllegalStateException("no opencl kernel for target " + target.name());
        }
        boolean chainGroups = allowChainGroups && chainGroups(plan, localMemory);
        if (chainGroups) {
            options.append(" -D MLP_GROUP_SCRATCH=").append(((Mlp) ((ModelTarget) target).model()).units());
        }
        return new TargetKernel(options.toString(), floats, features, labels, chainGroups);
    }

    /**
     * Whether an MLP's gradient goes to the kernel mlp_gradient (kernels/mlp-group.cl), a work-group
     * per chain with its theta and gradient in local memory: for a rule that takes the gradient once,
     * at the step's start (not MALA), the full or minibatch gradient (not control variates), state in
     * global memory (d above 32) and a chain's theta, gradient and layer outputs within the device's
     * local memory.
     */
    static boolean chainGroups(Plan plan, long localMemory) {
        if (!(plan.target() instanceof ModelTarget m) || !(m.model() instanceof Mlp mlp)) {
            return false;
        }
        boolean estimator = plan.estimator() instanceof FullGradient || plan.estimator() instanceof MinibatchGradient;
        int batch = plan.estimator() instanceof MinibatchGradient minibatch ? minibatch.batchSize() : 0;
        long bytes = 4L * (2L * plan.dim() + 2L * mlp.units() + batch) + 256;
        return estimator && !plan.rule().state().acceptTest() && plan.dim() > 32 && bytes <= localMemory;
    }

    private record RegressionData(float[] floats, float[] features, float[] labels) {
    }

    /**
     * The regression kernels' options and parameters: the model's (d, prior precision, noise precision), N / n;
     * with the control-variate gradient also sum_i grad U_i at the mode (d) and each row's slope there (N).
     */
    private static RegressionData regression(Plan plan, DataTarget target, Dataset data, long localMemory,
                                             StringBuilder options) {
        double weight = 1;
        int batch = 0;
        boolean shared = false;
        double[] modeOffset = new double[0];
        double[] modeSlopes = new double[0];
        if (plan.estimator() instanceof MinibatchGradient minibatch) {
            batch = minibatch.batchSize();
            shared = minibatch.shared();
        } else if (plan.estimator() instanceof ControlVariateGradient cv) {
            batch = cv.batchSize();
            shared = cv.shared();
            modeOffset = cv.dataGradientAtMode();
            modeSlopes = cv.interceptGradientsAtMode(target);
            options.append(" -D CONTROL_VARIATE");
        }
        if (batch > 0) {
            weight = (double) data.rows() / batch;
            if (shared) {
                options.append(" -D SHARED_BATCH");
                // the work-group stages the shared batch's rows in local memory when they fit in half of it
                long staged = 4L * batch * (data.columns() + 2);
                if (staged <= localMemory / 2) {
                    options.append(" -D STAGE_BATCH");
                }
            }
        }
        options.append(" -D ROWS=").append(data.rows()).append(" -D COLS=").append(data.columns())
                .append(" -D BATCH=").append(batch);
        // the model's parameters (d, prior precision, noise precision), then what the plan adds
        float[] parameters = ((dev.langevin.target.BuiltInModel) target).parameters();
        int at = parameters.length;
        float[] floats = java.util.Arrays.copyOf(parameters, at + 1 + modeOffset.length + modeSlopes.length);
        floats[at] = (float) weight;
        for (int j = 0; j < modeOffset.length; j++) {
            floats[at + 1 + j] = (float) modeOffset[j];
        }
        for (int i = 0; i < modeSlopes.length; i++) {
            floats[at + 1 + modeOffset.length + i] = (float) modeSlopes[i];
        }
        return new RegressionData(floats, toFloats(data.features()), toFloats(data.labels()));
    }

    /**
     * How the chains are split for the device's memory.
     *
     * @param batchChains chains per batch
     * @param launchSteps steps K per launch
     * @param bytes       device bytes the plan uses
     */
    record MemoryPlan(int batchChains, int launchSteps, long bytes) {
    }

    /**
     * Plans device memory: per chain the state, the gradient when it is not held in private
     * memory, the rule's auxiliary vectors, the divergence flag, the acceptance count and one launch's kept draws; once, the
     * target's data. K is lowered until a launch's draws fit {@link #DRAW_BUFFER_BYTES}.
     */
    MemoryPlan plan(Plan plan, long globalMemory, long maxAllocation, long dataBytes) {
        int d = plan.dim();
        int k = launchSteps;
        while (k > 1 && (long) LaunchSchedule.keptPerLaunch(k, plan.thin()) * 4L * d * plan.chains() > DRAW_BUFFER_BYTES) {
            k /= 2;
        }
        int kept = Math.min(LaunchSchedule.keptPerLaunch(k, plan.thin()), Math.max(1, plan.draws()));
        long vectors = 1 + (d <= 32 ? 0 : 1) + deviceAuxiliary(plan);
        long perChain = 4L * d * (vectors + kept) + 8;
        long usable = (long) (globalMemory * DEVICE_MEMORY_FRACTION) - dataBytes;
        long fit = Math.min(usable / perChain, maxAllocation / (4L * d * Math.max(1, kept)));
        if (fit < 1) {
            throw new ResourceLimitException(java.util.List.of("dimension", "device"), String.format(Locale.ROOT,
                    "One chain of d = %d needs %.1f MB of device memory and the data %.1f MB, but the OpenCL "
                            + "device has %.1f MB.",
                    d, perChain / 1e6, dataBytes / 1e6, globalMemory / 1e6));
        }
        int batch = (int) Math.min(plan.chains(), fit);
        if (batchChains > 0) {
            batch = Math.min(batch, batchChains);
        }
        return new MemoryPlan(batch, k, dataBytes + perChain * batch);
    }

    @Override
    public RunResult run(Plan plan, DrawSink sink, ProgressListener progress) {
        unsupported(plan).ifPresent(message -> {
            throw new InvalidParameterException("engine", message);
        });
        long started = System.nanoTime();
        OpenCl.Device device = OpenCl.device(deviceIndex);
        boolean groups = chainGroups != null ? chainGroups : device.gpu() || device.type().equals("accelerator");
        TargetKernel target = targetKernel(plan, device.localMemory(), groups);
        MemoryPlan memory = plan(plan, device.globalMemory(), device.maxAllocation(), target.dataBytes());
        try (Session session = new Session(device, plan, target, memory)) {
            return session.run(sink, progress, started);
        } catch (CLException e) {
            if (e.getStatus() == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || e.getStatus() == CL.CL_OUT_OF_RESOURCES
                    || e.getStatus() == CL.CL_OUT_OF_HOST_MEMORY) {
                throw new ResourceLimitException(java.util.List.of("chains", "dimension"), "OpenCL device "
                        + device.index() + " (" + device.name() + ") ran out of memory ("
                        + CL.stringFor_errorCode(e.getStatus()) + ").");
            }
            throw e;
        }
    }

    /**
     * The plan's program, put together from kernels/ in this order: Philox, a model's own functions
     * when it has them, the state's definitions, the target's file, the rule's file and the kernel
     * advance. A model's functions that do not build are the user's to fix, with the compiler's first
     * errors.
     */
    static cl_program program(OpenCl.Device device, Plan plan, TargetKernel target) {
        List<String> names = new ArrayList<>(List.of("philox.cl", "state.cl",
                target.chainGroups() ? "targets/mlp-precomputed.cl" : targetFile(plan.target()), ruleFile(plan.rule()),
                "langevin.cl"));
        if (target.chainGroups()) {
            names.add("mlp-group.cl");
        }
        List<String> texts = new ArrayList<>(names.stream().map(name -> OpenCl.source(name)).toList());
        String origin = "";
        if (plan.target() instanceof ModelTarget model) {
            origin = model.openClOrigin() == null ? "the model's OpenCL C functions" : model.openClOrigin();
            names.add(1, java.nio.file.Path.of(origin).getFileName().toString());
            texts.add(1, model.openClSource().orElseThrow() + "\n");
        }
        String options = target.options() + (argumentNames(device) ? " " + KernelArguments.NAMES_OPTION : "");
        try {
            return Programs.cached(device, String.join("", texts), options);
        } catch (IllegalStateException e) {
            if (!(plan.target() instanceof ModelTarget model)) {
                throw new IllegalStateException(located(e.getMessage(), names, texts), e);
            }
            String log = e.getMessage().substring(e.getMessage().indexOf('\n') + 1);
            String errors = log.lines().filter(l -> l.contains("error")).limit(3).map(String::strip)
                    .map(line -> located(line, names, texts)).collect(java.util.stream.Collectors.joining("; "));
            throw new dev.langevin.error.InputFileException(model.openClOrigin() == null ? null
                    : java.nio.file.Path.of(model.openClOrigin()), "The OpenCL C functions of " + model.name() + " in "
                    + origin + " do not build with the kernels: " + (errors.isEmpty() ? log.strip() : errors) + ".");
        }
    }

    /** Whether the device's compiler takes -cl-kernel-arg-info (OpenCL 1.2 and later). */
    private static boolean argumentNames(OpenCl.Device device) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("OpenCL (\\d+)\\.(\\d+)")
                .matcher(device.version());
        return version.find() && (Integer.parseInt(version.group(1)) > 1 || Integer.parseInt(version.group(2)) >= 2);
    }

    /**
     * The compiler's messages with each place in the whole program (NAME.cl:LINE:COLUMN:) given as the
     * file it comes from and its line there.
     */
    private static String located(String log, List<String> names, List<String> texts) {
        return java.util.regex.Pattern.compile("\\S*?\\.cl:(\\d+):(\\d+):").matcher(log).replaceAll(m -> {
            long line = Long.parseLong(m.group(1));
            for (int i = 0; i < names.size(); i++) {
                long length = texts.get(i).lines().count();
                if (line <= length) {
                    return java.util.regex.Matcher.quoteReplacement(names.get(i) + ":" + line + ":" + m.group(2) + ":");
                }
                line -= length;
            }
            return java.util.regex.Matcher.quoteReplacement(m.group());
        });
    }

    /** The OpenCL objects of one run. */
    private final class Session implements AutoCloseable {
        private final Plan plan;
        private final MemoryPlan memory;
        private final cl_context context;
        private final cl_command_queue queue;
        private final cl_program program;
        private final cl_kernel kernel;
        private final KernelArguments arguments;
        /** The kernel mlp_gradient, its arguments and work items per chain, or null and 0 without chain groups. */
        private final cl_kernel gradientKernel;
        private final KernelArguments gradientArguments;
        private final int groupSize;
        private final List<cl_mem> buffers = new ArrayList<>();
        private final int d;
        private final int batch;
        private final cl_mem theta;
        private final cl_mem gradient;
        private final cl_mem aux0;
        private final cl_mem aux1;
        /** The rule's per-chain scalars, S x batch. */
        private final cl_mem scalars;
        private final cl_mem diverged;
        private final cl_mem draws;
        private final cl_mem stepSizes;
        private final cl_mem noiseScales;
        /** Each chain's factor of the step size in the batch (StepGroups), 1 without them. */
        private final cl_mem stepFactors;
        /** Each chain's sqrt(f tau): its factor of the step size times that of its temperature, square-rooted. */
        private final cl_mem noiseFactors;
        private final cl_mem firstCorrection;
        private final cl_mem secondCorrection;
        private final cl_mem keptIndex;
        private final cl_mem accepted;
        private final int kept;

        Session(OpenCl.Device device, Plan plan, TargetKernel target, MemoryPlan memory) {
            this.plan = plan;
            this.memory = memory;
            this.d = plan.dim();
            this.batch = memory.batchChains();
            context = Programs.context(device);
            queue = CL.clCreateCommandQueueWithProperties(context, device.id(), null, null);
            program = program(device, plan, target);
            kernel = CL.clCreateKernel(program, "advance", null);
            arguments = new KernelArguments(kernel, "advance", ADVANCE_ARGUMENTS);
            if (target.chainGroups()) {
                gradientKernel = CL.clCreateKernel(program, "mlp_gradient", null);
                gradientArguments = new KernelArguments(gradientKernel, "mlp_gradient", MLP_GRADIENT_ARGUMENTS);
                long[] allowed = new long[1];
                CL.clGetKernelWorkGroupInfo(gradientKernel, device.id(), CL.CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t,
                        Pointer.to(allowed), null);
                groupSize = (int) Math.max(1, Math.min(MLP_GROUP_SIZE, allowed[0]));
            } else {
                gradientKernel = null;
                gradientArguments = null;
                groupSize = 0;
            }
            this.kept = Math.min(LaunchSchedule.keptPerLaunch(memory.launchSteps(), plan.thin()), Math.max(1, plan.draws()));
            long vector = 4L * d * batch;
            theta = buffer(vector);
            gradient = buffer(d <= 32 ? 4 : vector);
            int aux = deviceAuxiliary(plan);
            aux0 = buffer(aux > 0 ? vector : 4);
            aux1 = buffer(aux > 1 ? vector : 4);
            scalars = buffer(4L * plan.rule().scalars() * batch);
            diverged = buffer(4L * batch);
            accepted = buffer(4L * batch);
            draws = buffer(vector * kept);
            int k = memory.launchSteps();
            stepSizes = buffer(4L * k);
            noiseScales = buffer(4L * k);
            stepFactors = buffer(4L * batch);
            noiseFactors = buffer(4L * batch);
            firstCorrection = buffer(4L * k);
            secondCorrection = buffer(4L * k);
            keptIndex = buffer(4L * k);
            cl_mem p = constant(Pointer.to(target.floats()), 4L * target.floats().length);
            cl_mem features = constant(Pointer.to(target.features()), 4L * target.features().length);
            cl_mem labels = constant(Pointer.to(target.labels()), 4L * target.labels().length);
            arguments.set("theta", theta).set("grad", gradient).set("aux0", aux0).set("aux1", aux1)
                    .set("scalars", scalars).set("divergedAt", diverged).set("draws", draws).set("stepSizes", stepSizes)
                    .set("noiseScales", noiseScales).set("stepFactors", stepFactors).set("noiseFactors", noiseFactors).set("firstCorrection", firstCorrection)
                    .set("secondCorrection", secondCorrection).set("keptIndex", keptIndex)
                    .set("key0", (int) plan.seed()).set("key1", (int) (plan.seed() >>> 32))
                    .set("p", p).set("features", features).set("labels", labels)
                    .set("accepted", accepted).set("countFrom", plan.burnIn()).set("first", 0);
            if (gradientArguments != null) {
                gradientArguments.set("theta", theta).set("grad", gradient).set("divergedAt", diverged)
                        .set("key0", (int) plan.seed()).set("key1", (int) (plan.seed() >>> 32)).set("p", p)
                        .set("features", features);
            }
        }

        private cl_mem buffer(long bytes) {
            cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, Math.max(4, bytes), null, null);
            buffers.add(mem);
            return mem;
        }

        private cl_mem constant(Pointer data, long bytes) {
            cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_ONLY | CL.CL_MEM_COPY_HOST_PTR, bytes, data, null);
            buffers.add(mem);
            return mem;
        }

        RunResult run(DrawSink sink, ProgressListener progress, long started) {
            int chains = plan.chains();
            float[] state = initialState();
            float[][] auxiliary = new float[plan.rule().auxiliaryVectors()][d * chains];
            float[] scalarState = new float[plan.rule().scalars() * chains];
            int[] divergedAt = new int[chains];
            Arrays.fill(divergedAt, -1);
            int[] acceptedCounts = new int[chains];
            long[] swaps = plan.exchange() == null ? null : new long[plan.exchange().rungs() - 1];
            int batches = (chains + batch - 1) / batch;
            if (batches == 1) {
                upload(state, auxiliary, scalarState, divergedAt, acceptedCounts, 0, chains);
            }
            float[][][] hostDraws = {new float[kept][d * chains], new float[kept][d * chains]};
            ExecutorService drain = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "langevin-opencl-drain");
                thread.setDaemon(true);
                return thread;
            });
            try {
                Future<?> draining = null;
                int launch = 0;
                int k = memory.launchSteps();
                for (int start = 0; start < plan.steps(); start += plan.launchLength(start, k), launch++) {
                    LaunchSchedule steps = LaunchSchedule.of(plan, start, plan.launchLength(start, k));
                    upload(steps);
                    float[][] buffer = hostDraws[launch & 1]; // its last reader, launch n - 2's drain, has finished
                    for (int b0 = 0; b0 < chains; b0 += batch) {
                        int size = Math.min(batch, chains - b0);
                        if (batches > 1) {
                            upload(state, auxiliary, scalarState, divergedAt, acceptedCounts, b0, size);
                        }
                        enqueue(steps, b0, size);
                        for (int i = 0; i < steps.keptDraws(); i++) {
                            readDraw(i, size, b0, buffer[i]);
                        }
                        if (batches > 1) {
                            download(state, auxiliary, scalarState, divergedAt, acceptedCounts, b0, size);
                        }
                    }
                    int last = start + steps.fused() - 1;
                    if (plan.exchange() != null && plan.exchange().after(last, plan.steps())) {
                        // the host swaps positions between rungs (replica exchange runs sgld: theta is all the state)
                        if (batches == 1) {
                            transfer(theta, state, 0, chains, false);
                        }
                        ReplicaExchange.tally(swaps, plan.exchange().exchange(plan, last, state));
                        if (batches == 1) {
                            transfer(theta, state, 0, chains, true);
                        }
                    }
                    await(draining); // launch n - 1's draws, drained while launch n ran
                    draining = drain.submit(() -> {
                        for (int i = 0; i < steps.keptDraws(); i++) {
                            sink.accept(steps.firstDraw() + i, buffer[i], chains, d);
                        }
                    });
                    progress.advanced(start + steps.fused(), plan.steps());
                }
                await(draining);
            } finally {
                drain.shutdownNow();
            }
            if (batches == 1) {
                download(state, auxiliary, scalarState, divergedAt, acceptedCounts, 0, chains);
            }
            List<Divergence> divergences = new ArrayList<>();
            for (int c = 0; c < chains; c++) {
                if (divergedAt[c] >= 0) {
                    divergences.add(new Divergence(plan.firstChain() + c, divergedAt[c]));
                }
            }
            return new RunResult(state, divergences, (System.nanoTime() - started) * 1e-9,
                    plan.rule().state().acceptTest() ? acceptedCounts : null, swaps);
        }

        /** Starting points (stream 4) computed on the host as the reference computes them, rounded to float. */
        private float[] initialState() {
            int chains = plan.chains();
            float[] state = new float[d * chains];
            Noise noise = new Noise(plan.seed());
            for (int c = 0; c < chains; c++) {
                for (int j = 0; j < d; j++) {
                    state[j * chains + c] = (float) plan.init().value(noise, plan.firstChain() + c, j);
                }
            }
            return state;
        }

        /** Writes the launch's step sizes, noise scales, Adam corrections and kept-draw slots to the device. */
        private void upload(LaunchSchedule steps) {
            write(stepSizes, steps.stepSizes());
            write(noiseScales, steps.noiseScales());
            write(firstCorrection, steps.firstCorrection());
            write(secondCorrection, steps.secondCorrection());
            CL.clEnqueueWriteBuffer(queue, keptIndex, CL.CL_TRUE, 0, 4L * steps.fused(), Pointer.to(steps.keptIndex()), 0,
                    null, null);
        }

        private void write(cl_mem mem, float[] values) {
            CL.clEnqueueWriteBuffer(queue, mem, CL.CL_TRUE, 0, 4L * values.length, Pointer.to(values), 0, null, null);
        }

        private void enqueue(LaunchSchedule steps, int firstLocal, int size) {
            arguments.set("chains", size).set("firstChain", plan.firstChain() + firstLocal);
            long[] local = workGroupSize > 0 ? new long[] {workGroupSize} : null;
            long global = workGroupSize > 0 ? (size + workGroupSize - 1L) / workGroupSize * workGroupSize : size;
            if (gradientKernel == null) {
                arguments.set("first", 0).set("start", steps.start()).set("fused", steps.fused());
                CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, local, 0, null, null);
                return;
            }
            // each step: the gradient by a work-group per chain, then advance's update of that one step
            gradientArguments.set("chains", size).set("firstChain", plan.firstChain() + firstLocal);
            for (int i = 0; i < steps.fused(); i++) {
                gradientArguments.set("stepNumber", steps.start() + i);
                CL.clEnqueueNDRangeKernel(queue, gradientKernel, 1, null, new long[] {(long) size * groupSize},
                        new long[] {groupSize}, 0, null, null);
                arguments.set("first", i).set("start", steps.start() + i).set("fused", 1);
                CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, new long[] {global}, local, 0, null, null);
            }
        }

        /** Kept draw i of the batch (chains b0 .. b0 + size) into the full-layout host draw. */
        private void readDraw(int i, int size, int b0, float[] out) {
            if (size == plan.chains()) {
                CL.clEnqueueReadBuffer(queue, draws, CL.CL_TRUE, 4L * i * d * size, 4L * d * size, Pointer.to(out), 0,
                        null, null);
                return;
            }
            float[] part = new float[d * size];
            CL.clEnqueueReadBuffer(queue, draws, CL.CL_TRUE, 4L * i * d * size, 4L * d * size, Pointer.to(part), 0,
                    null, null);
            for (int j = 0; j < d; j++) {
                System.arraycopy(part, j * size, out, j * plan.chains() + b0, size);
            }
        }

        private void upload(float[] state, float[][] auxiliary, float[] scalarState, int[] divergedAt,
                            int[] acceptedCounts, int b0, int size) {
            transfer(theta, state, b0, size, true);
            transferRows(scalars, scalarState, plan.rule().scalars(), b0, size, true);
            double[] chainFactors = plan.chainFactors();
            double[] heat = plan.chainTemperatureFactors();
            float[] factors = new float[size];
            float[] roots = new float[size];
            for (int c = 0; c < size; c++) {
                double f = chainFactors == null ? 1 : chainFactors[b0 + c];
                factors[c] = (float) f;
                roots[c] = (float) Math.sqrt(f * (heat == null ? 1 : heat[b0 + c]));
            }
            CL.clEnqueueWriteBuffer(queue, stepFactors, CL.CL_TRUE, 0, 4L * size, Pointer.to(factors), 0, null, null);
            CL.clEnqueueWriteBuffer(queue, noiseFactors, CL.CL_TRUE, 0, 4L * size, Pointer.to(roots), 0, null, null);
            if (auxiliary.length > 0) {
                transfer(aux0, auxiliary[0], b0, size, true);
            }
            if (auxiliary.length > 1) {
                transfer(aux1, auxiliary[1], b0, size, true);
            }
            int[] flags = Arrays.copyOfRange(divergedAt, b0, b0 + size);
            CL.clEnqueueWriteBuffer(queue, diverged, CL.CL_TRUE, 0, 4L * size, Pointer.to(flags), 0, null, null);
            int[] counts = Arrays.copyOfRange(acceptedCounts, b0, b0 + size);
            CL.clEnqueueWriteBuffer(queue, accepted, CL.CL_TRUE, 0, 4L * size, Pointer.to(counts), 0, null, null);
        }

        private void download(float[] state, float[][] auxiliary, float[] scalarState, int[] divergedAt,
                              int[] acceptedCounts, int b0, int size) {
            transfer(theta, state, b0, size, false);
            transferRows(scalars, scalarState, plan.rule().scalars(), b0, size, false);
            if (auxiliary.length > 0) {
                transfer(aux0, auxiliary[0], b0, size, false);
            }
            if (auxiliary.length > 1) {
                transfer(aux1, auxiliary[1], b0, size, false);
            }
            int[] flags = new int[size];
            CL.clEnqueueReadBuffer(queue, diverged, CL.CL_TRUE, 0, 4L * size, Pointer.to(flags), 0, null, null);
            System.arraycopy(flags, 0, divergedAt, b0, size);
            int[] counts = new int[size];
            CL.clEnqueueReadBuffer(queue, accepted, CL.CL_TRUE, 0, 4L * size, Pointer.to(counts), 0, null, null);
            System.arraycopy(counts, 0, acceptedCounts, b0, size);
        }

        /** Moves chains b0 .. b0 + size of rows x chains values to or from the batch's rows x size buffer. */
        private void transferRows(cl_mem mem, float[] full, int rows, int b0, int size, boolean toDevice) {
            if (rows == 0) {
                return;
            }
            int chains = plan.chains();
            float[] part = new float[rows * size];
            if (toDevice) {
                for (int k = 0; k < rows; k++) {
                    System.arraycopy(full, k * chains + b0, part, k * size, size);
                }
                CL.clEnqueueWriteBuffer(queue, mem, CL.CL_TRUE, 0, 4L * part.length, Pointer.to(part), 0, null, null);
            } else {
                CL.clEnqueueReadBuffer(queue, mem, CL.CL_TRUE, 0, 4L * part.length, Pointer.to(part), 0, null, null);
                for (int k = 0; k < rows; k++) {
                    System.arraycopy(part, k * size, full, k * chains + b0, size);
                }
            }
        }

        /** Moves chains b0 .. b0 + size of a full-layout vector to or from the batch-layout buffer. */
        private void transfer(cl_mem mem, float[] full, int b0, int size, boolean toDevice) {
            transferRows(mem, full, d, b0, size, toDevice);
        }

        @Override
        public void close() {
            for (cl_mem mem : buffers) {
                CL.clReleaseMemObject(mem);
            }
            CL.clReleaseKernel(kernel);
            if (gradientKernel != null) {
                CL.clReleaseKernel(gradientKernel);
            }
            CL.clReleaseCommandQueue(queue);
        }
    }

    private static void await(Future<?> future) {
        if (future == null) {
            return;
        }
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining draws", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static float[] toFloats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
