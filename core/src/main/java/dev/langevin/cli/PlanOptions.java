package dev.langevin.cli;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.ReplicaExchange;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.error.Names;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.Schedules;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.schedule.TemperatureSchedule;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The options that make a {@link Plan}, shared by {@code run} and {@code compare}. */
final class PlanOptions {
    /** Options of one algorithm each: given with another algorithm they would be silently ignored. */
    private static final Map<String, Set<String>> ALGORITHM_OPTIONS = Map.ofEntries(
            Map.entry("--alpha", Set.of("psgld")), Map.entry("--lambda", Set.of("psgld")),
            Map.entry("--friction", Set.of("sghmc", "sgnht")), Map.entry("--noise-estimate", Set.of("sghmc")),
            Map.entry("--resample-momentum", Set.of("sghmc")),
            Map.entry("--cycles", Set.of("csgld")), Map.entry("--exploration", Set.of("csgld")),
            Map.entry("--mode-steps", Set.of("sgld-cv")), Map.entry("--mode-step-size", Set.of("sgld-cv")),
            Map.entry("--temperature", Set.of("sgld", "psgld", "sghmc", "sgnht", "mala", "csgld", "sgld-cv")),
            Map.entry("--temperature-schedule", Set.of("sgld", "psgld", "sghmc", "sgnht", "mala", "csgld", "sgld-cv")),
            Map.entry("--replicas", Set.of("sgld", "sgld-cv")), Map.entry("--exchange-every", Set.of("sgld", "sgld-cv")));
    /** Options that only data targets use. */
    private static final List<String> DATA_OPTIONS = List.of("--data", "--labels", "--skip-rows", "--label-column",
            "--standardize", "--prior-sd", "--batch-size", "--shared-batch", "--holdout", "--holdout-seed");

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** What is sampled: a built-in target or the user's model, its options and data. */
    @Mixin
    ModelOptions model;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Minibatch size for data targets, rows drawn with replacement (default: all rows, the exact gradient).")
    Integer batchSize;

    @Option(names = "--shared-batch",
            description = "All chains use the same minibatch at each step (cheaper; correlates the chains).")
    boolean sharedBatch;

    @Option(names = "--step-size", paramLabel = "ETA",
            description = "Constant step size eta (default 0.01 unless --schedule is given); run also takes 'auto', "
                    + "which chooses it first from --step-sizes by the kernel Stein discrepancy (see 'langevin tune').")
    String stepSize;

    @Option(names = "--schedule", paramLabel = "SPEC",
            description = "Step size schedule: " + Schedules.FORMS + ".")
    String schedule;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "T",
            description = "Temperature T of the Langevin noise (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--temperature-schedule", paramLabel = "SPEC",
            description = "Temperature by step, instead of --temperature: geometric:t0=T0,t1=T1,steps=S anneals from T0 "
                    + "to T1 over the first S steps (within the burn-in, so that the draws are kept at T1), or "
                    + "constant:t=T.")
    String temperatureSchedule;

    @Option(names = "--replicas", paramLabel = "T0:T1:...",
            description = "Replica exchange SGLD (Deng et al. 2020): each of the --chains chains heads a ladder of these "
                    + "increasing temperatures, the first the run's (--temperature); neighbouring rungs swap positions "
                    + "every --exchange-every steps; only the first rung's draws are kept. Runs --chains x rungs chains.")
    String replicas;

    @Option(names = "--exchange-every", defaultValue = "10", paramLabel = "M",
            description = "With --replicas: steps between exchanges (default: ${DEFAULT-VALUE}).")
    int exchangeEvery;

    @Option(names = "--chains", defaultValue = "1024", paramLabel = "C",
            description = "Number of chains (default: ${DEFAULT-VALUE}).")
    int chains;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "S",
            description = "Total steps per chain, burn-in included (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--burn-in", paramLabel = "B",
            description = "Steps discarded before keeping draws (default: run keeps the second half of --steps, "
                    + "csgld all of them; compare keeps only the last step, --steps - 1, but for a classifier with --holdout, whose "
                    + "samplers keep the second half and whose optimisers always keep their last state).")
    Integer burnIn;

    @Option(names = "--thin", defaultValue = "1", paramLabel = "K",
            description = "Keep every K-th state after burn-in (default: ${DEFAULT-VALUE}).")
    int thin;

    @Option(names = "--init", defaultValue = "uniform:-2,2", paramLabel = "SPEC",
            description = "Starting points: " + InitialState.FORMS + " (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", paramLabel = "SEED",
            description = "64-bit seed of the counter-based noise (default: drawn at random and recorded in run.json).")
    Long seed;

    @Option(names = "--engine", defaultValue = "auto", paramLabel = "NAME",
            description = "Engine: cpu (all cores, SIMD over chains), opencl (OpenCL kernels on --device), tornadovm "
                    + "(TornadoVM task graphs; needs a build with -Ptornadovm and a TornadoVM SDK), reference "
                    + "(one thread, the specification) or auto, which picks an OpenCL GPU, then cpu, when they have a "
                    + "kernel for the plan (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--device", defaultValue = "0", paramLabel = "N",
            description = "OpenCL device for --engine opencl, numbered as 'langevin devices' lists them (default: ${DEFAULT-VALUE}).")
    int device;

    @Option(names = "--alpha", defaultValue = "0.9999", paramLabel = "A",
            description = "psgld: decay of the average of squared per-datum gradients, in (0, 1); closer to 1 is less "
                    + "biased (the dropped Gamma term), and the paper's 0.99 inflates variances by about 30%% "
                    + "(default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--lambda", defaultValue = "1e-5", paramLabel = "L",
            description = "psgld: damping added to the root of that average (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--friction", paramLabel = "A",
            description = "sghmc: friction alpha in (0, 1]; 1 forgets the momentum every step, which is SGLD "
                    + "(default: 0.1). sgnht: the injected noise's friction a in (0, 1], where the thermostat starts; "
                    + "the draws' variance is about 1 - a/2 of the target's (default: 0.02).")
    Double friction;

    @Option(names = "--noise-estimate", defaultValue = "0", paramLabel = "B",
            description = "sghmc: estimate beta of the gradient noise, in [0, --friction] (default: ${DEFAULT-VALUE}).")
    double noiseEstimate;

    @Option(names = "--resample-momentum", defaultValue = "0", paramLabel = "N",
            description = "sghmc: draw the momentum afresh every N steps; 0 draws it only at the start (default: ${DEFAULT-VALUE}).")
    int resampleMomentum;

    @Option(names = "--exploration", defaultValue = "0.5", paramLabel = "BETA",
            description = "csgld: fraction of each cycle spent exploring (no noise, no draws kept) (default: ${DEFAULT-VALUE}).")
    double exploration;

    @Option(names = "--cycles", defaultValue = "4", paramLabel = "M",
            description = "csgld without --schedule: cycles of the cosine step size, which starts each cycle at "
                    + "--step-size (default: ${DEFAULT-VALUE}).")
    int cycles;

    @Option(names = "--mode-steps", defaultValue = "5000", paramLabel = "N",
            description = "sgld-cv: SGD steps of the search for the mode, from 0, with minibatches of --batch-size "
                    + "(default: ${DEFAULT-VALUE}).")
    int modeSteps;

    @Option(names = "--mode-step-size", paramLabel = "ETA",
            description = "sgld-cv: step size of that search (default: the run's first step size).")
    Double modeStepSize;

    /** A plan and what was read to make it. */
    record Built(Plan plan, Dataset data, Params params) {
    }

    /** Validates every option and builds the plan for one algorithm; nothing runs yet (but sgld-cv's mode search). */
    Built build(String algorithm, Consumer<String> warnings) throws DataFormatException {
        require(Algorithms.NAMES.contains(algorithm), "--algorithm " + algorithm + " is unknown; choose one of "
                + String.join(", ", Algorithms.NAMES) + ".");
        ModelOptions.Chosen chosen = model.choose(this::usage);
        Target built = chosen.target();
        Dataset dataset = chosen.data();
        Params parsed = chosen.params();
        if (batchSize != null && !(built instanceof DataTarget)) {
            usage("--batch-size needs a target or model with data rows; " + built.name() + " has none.");
        }
        GradientEstimator estimator = new FullGradient();
        if (batchSize != null) {
            DataTarget dataTarget = (DataTarget) built;
            require(batchSize >= 1, "--batch-size must be at least 1, got " + batchSize + ".");
            require(batchSize <= dataTarget.rows() * 16L,
                    "--batch-size " + batchSize + " is far above the " + dataTarget.rows() + " rows of the data.");
            estimator = new MinibatchGradient(batchSize, sharedBatch);
        } else {
            require(!sharedBatch, "--shared-batch needs --batch-size.");
        }
        require(steps >= 1, "--steps must be at least 1, got " + steps + ".");
        StepSizeSchedule stepSizes;
        if (schedule != null) {
            require(stepSize == null, "--step-size and --schedule exclude each other; give one.");
            stepSizes = Schedules.parse(schedule, steps, warnings);
        } else if (algorithm.equals("csgld")) {
            double eta = stepSizeValue();
            require(eta > 0 && Double.isFinite(eta), "--step-size must be positive, got " + eta + ".");
            require(cycles >= 1 && cycles <= steps, "--cycles must lie in [1, --steps], got " + cycles + ".");
            stepSizes = new Cyclical(eta, cycles, steps);
        } else {
            double eta = stepSizeValue();
            require(eta > 0 && Double.isFinite(eta), "--step-size must be positive, got " + eta + ".");
            stepSizes = new Constant(eta);
        }
        long runSeed = seed != null ? seed : new SecureRandom().nextLong();
        UpdateRule rule = Algorithms.create(algorithm, new Algorithms.Settings(alpha, lambda,
                friction != null ? friction : Double.NaN, noiseEstimate,
                resampleMomentum, exploration), stepSizes);
        if (Algorithms.entry(algorithm).gradient() == Algorithms.Gradient.CONTROL_VARIATE) {
            require(estimator instanceof MinibatchGradient, "--algorithm sgld-cv needs a data target and --batch-size.");
            MinibatchGradient minibatch = (MinibatchGradient) estimator;
            double searchStep = modeStepSize != null ? modeStepSize : stepSizes.stepSize(0);
            estimator = ControlVariateGradient.find((DataTarget) built, minibatch.batchSize(), minibatch.shared(),
                    modeSteps, searchStep, runSeed);
        }
        // csgld's exploration stages already discard: no burn-in unless asked
        int burn = burnIn != null ? burnIn : algorithm.equals("csgld") ? 0 : steps / 2;
        InitialState start = InitialState.parse(init, built.dim());
        Plan plan = new Plan(built, estimator, rule, stepSizes, temperature, chains, 0, steps, burn, thin, start,
                runSeed);
        if (replicas != null) {
            double[] ladder;
            try {
                ladder = java.util.Arrays.stream(replicas.split(":")).mapToDouble(v -> Double.parseDouble(v.strip()))
                        .toArray();
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("replicas", "--replicas must be temperatures T0:T1:..., got "
                        + replicas + ".");
            }
            require((long) chains * ladder.length <= Integer.MAX_VALUE, "--chains " + chains + " x " + ladder.length
                    + " rungs is too many chains.");
            ReplicaExchange exchange = new ReplicaExchange(ladder, exchangeEvery, chains);
            plan = new Plan(built, estimator, rule, stepSizes, temperature, exchange.chains(), 0, steps, burn, thin,
                    start, runSeed).withExchange(exchange);
        } else if (given("--exchange-every")) {
            usage("--exchange-every applies only with --replicas.");
        }
        if (temperatureSchedule != null) {
            require(!given("--temperature"), "--temperature and --temperature-schedule exclude each other; give one.");
            TemperatureSchedule schedule = TemperatureSchedule.parse(temperatureSchedule);
            if (schedule instanceof TemperatureSchedule.Geometric g && g.steps() > burn) {
                warnings.accept("--temperature-schedule " + temperatureSchedule + " is still annealing after the "
                        + burn + " burn-in steps, so some kept draws are at another temperature than " + g.t1() + ".");
            }
            plan = plan.withTemperatures(schedule);
        }
        return new Built(plan, dataset, parsed);
    }

    /**
     * Refuses options given on the command line that the target, the engine or none of the
     * algorithms would use: silently ignoring them would let a user believe they took effect.
     */
    void checkApplicable(Collection<String> algorithms) {
        for (String name : algorithms) {
            if (!Algorithms.NAMES.contains(name)) {
                throw new InvalidParameterException("algorithm", Names.unknown("algorithm", name, Algorithms.NAMES));
            }
        }
        if (autoStepSize() && !command.name().equals("run")) {
            usage("--step-size auto is for run; " + command.name() + " needs a number (langevin tune compares several).");
        }
        model.checkSource(this::usage);
        if (given("--holdout-seed") && model.holdout == null) {
            usage("--holdout-seed seeds the split of --holdout; give that too.");
        }
        if (model.userModel()) {
            if (given("--dim")) {
                usage("A model gives its own dimension; pass its options with --param, not --dim.");
            }
            if (given("--prior-sd")) {
                usage("--prior-sd sets the built-in regressions' prior; a model has its own (pass options with --param).");
            }
            if (model.data == null) {
                List<String> given = DATA_OPTIONS.stream().filter(o -> !o.equals("--data") && given(o)).toList();
                if (!given.isEmpty()) {
                    usage(String.join(", ", given) + (given.size() == 1 ? " applies" : " apply") + " only with --data.");
                }
            }
            checkAlgorithmOptions(algorithms);
            return;
        }
        Targets.Entry entry = Targets.entry(model.target);
        if (entry.needsData()) {
            if (given("--dim")) {
                usage("Target " + model.target + " takes its dimension from the data (feature columns + 1 for the "
                        + "intercept); leave out --dim.");
            }
            if (model.labels != null && given("--label-column")) {
                usage("--label-column picks the label from --data, but --labels gives the labels; use one of them.");
            }
        } else {
            List<String> given = DATA_OPTIONS.stream().filter(this::given).toList();
            if (!given.isEmpty()) {
                usage("Target " + model.target + " is analytic; " + String.join(", ", given)
                        + (given.size() == 1 ? " applies" : " apply") + " only to data targets (linear-regression, "
                        + "logistic-regression, softmax-regression, mlp).");
            }
        }
        checkAlgorithmOptions(algorithms);
    }

    private void checkAlgorithmOptions(Collection<String> algorithms) {
        for (Map.Entry<String, Set<String>> option : ALGORITHM_OPTIONS.entrySet()) {
            if (given(option.getKey()) && algorithms.stream().noneMatch(option.getValue()::contains)) {
                List<String> users = Algorithms.NAMES.stream().filter(option.getValue()::contains).toList();
                usage(option.getKey() + " applies only to " + (users.size() == 1 ? "--algorithm " + users.get(0)
                        : "the algorithms " + String.join(", ", users)) + "; " + String.join(", ", algorithms)
                        + (algorithms.size() == 1 ? " does" : " do") + " not use it.");
            }
        }
        if (schedule != null && given("--cycles")) {
            usage("--cycles sets csgld's schedule when --schedule is not given; with --schedule, give the cycles "
                    + "there (cyclic:eta0=E,cycles=M).");
        }
        if (given("--device") && !List.of("opencl", "tornadovm", "auto").contains(engine)) {
            usage("--device chooses the device of --engine opencl or tornadovm; --engine " + engine + " has none.");
        }
    }

    private boolean given(String option) {
        return command != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    private void usage(String message) {
        throw new CommandLine.ParameterException(command.commandLine(), message);
    }

    /** Whether --step-size is 'auto' (run chooses it first). */
    boolean autoStepSize() {
        return "auto".equals(stepSize);
    }

    /** --step-size as a number: 0.01 when absent, and a placeholder 0.01 for 'auto', which run replaces. */
    private double stepSizeValue() {
        if (stepSize == null || autoStepSize()) {
            return 0.01;
        }
        try {
            return Double.parseDouble(stepSize);
        } catch (NumberFormatException e) {
            usage("--step-size must be a number" + (command != null && command.name().equals("run") ? " or auto" : "")
                    + ", got " + stepSize + ".");
            return Double.NaN;
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            usage(message);
        }
    }
}
