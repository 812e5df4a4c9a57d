package dev.langevin.check;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.CsvData;
import dev.langevin.data.DataFormatException;
import dev.langevin.data.Dataset;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.DataTarget;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The equivalence cases (docs/DESIGN.md contract 4): each target with each update rule, the
 * regressions with the full gradient, per-chain batches of 32 and shared batches of 7 (mala:
 * the full gradient only) and sgld-cv's control-variate gradient, each with its step size
 * schedule and its tolerance on |engine - reference| / (1 + |reference|) over every kept draw
 * of {@link #CHAINS} chains and {@link #STEPS} steps. The engines' tests run the same list
 * ({@code EngineCases}; {@code EquivalenceCasesTest} keeps the two the same).
 */
public final class EquivalenceCases {
    /** Steps of the equivalence runs; csgld's two cycles fit in them. */
    public static final int STEPS = 40;
    /** Chains of the equivalence runs: not a multiple of a work-group or vector width. */
    public static final int CHAINS = 37;
    /** The runs' seed. */
    public static final long SEED = 42;

    private EquivalenceCases() {
    }

    /**
     * One case.
     *
     * @param target    the target
     * @param estimator the gradient estimator
     * @param rule      the update rule
     * @param schedule  the step size schedule
     * @param tolerance the largest |engine - reference| / (1 + |reference|) allowed
     */
    public record Case(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule schedule,
                       double tolerance) {
        /** The case's plan: temperature 1, uniform(-1.5, 1.5) starts, every step kept. */
        public Plan plan() {
            return new Plan(target, estimator, rule, schedule, 1, CHAINS, 0, STEPS, 0, 1,
                    new InitialState.Uniform(-1.5, 1.5), SEED);
        }

        /** One line naming the case: rule, target and dimension, gradient, schedule. */
        public String describe() {
            return rule.describe() + " | " + target.name() + " d=" + target.dim() + " | " + estimator.describe() + " | "
                    + schedule.describe();
        }
    }

    /**
     * The cases on the breast-cancer, diabetes and digits data sets of {@code dataDirectory},
     * standardised, as the tests load them.
     */
    public static List<Case> all(Path dataDirectory) throws DataFormatException {
        Dataset breastCancer = CsvData.load(dataDirectory.resolve("breast_cancer.csv"), 1, -1).standardize();
        Dataset diabetes = CsvData.load(dataDirectory.resolve("diabetes_data_raw.csv.gz"),
                dataDirectory.resolve("diabetes_target.csv.gz"), 0).standardize();
        return all(breastCancer, diabetes, digits(CsvData.load(dataDirectory.resolve("digits.csv.gz"), 0, -1)));
    }

    /** The first {@value #DIGITS} rows of the digits (64 pixels, a label 0 .. 9), standardised: the classifiers' data. */
    public static Dataset digits(Dataset all) {
        return all.select(java.util.stream.IntStream.range(0, DIGITS).toArray()).standardize();
    }

    /** Rows of the digits the classifiers' cases use. */
    public static final int DIGITS = 40;

    /**
     * The cases on the given breast-cancer (logistic regression), diabetes (linear regression) and
     * digits (classifiers, {@link #digits}) data.
     */
    public static List<Case> all(Dataset breastCancer, Dataset diabetes, Dataset digits) {
        List<Case> cases = new ArrayList<>();
        // every algorithm in the registry: a new rule adds its rows here without a test of its own (sgld-cv's
        // control-variate gradient needs its mode search, below)
        for (String name : Algorithms.NAMES) {
            if (Algorithms.entry(name).gradient() == Algorithms.Gradient.CONTROL_VARIATE) {
                continue;
            }
            add(cases, name, analytic("gaussian", 7, "mean=1,sigma=0.5:1:2:1:1:1:3"), new FullGradient(), 0.02);
            add(cases, name, analytic("gaussian", 40, ""), new FullGradient(), 0.02);
            add(cases, name, analytic("correlated-gaussian", 9, "rho=0.8"), new FullGradient(), 0.02);
            add(cases, name, analytic("quadratic", 6, "condition=10"), new FullGradient(), 0.02);
            add(cases, name, analytic("ackley", 2, ""), new FullGradient(), 0.002);
            add(cases, name, analytic("ackley", 20, ""), new FullGradient(), 0.002);
            add(cases, name, analytic("rosenbrock", 4, ""), new FullGradient(), 1e-4);
            add(cases, name, analytic("mixture", 3, "means=-2:0.5:3,sigmas=1:0.5:2,weights=1:2:1"), new FullGradient(),
                    0.02);
            add(cases, name, analytic("double-well", 5, "barrier=2"), new FullGradient(), 0.005);
            Target logistic = data("logistic-regression", breastCancer);
            Target linear = new LinearRegression(diabetes, 50, 10);
            List<GradientEstimator> estimators = Algorithms.entry(name).gradient() == Algorithms.Gradient.EXACT
                    ? List.of(new FullGradient())
                    : List.of(new FullGradient(), new MinibatchGradient(32, false), new MinibatchGradient(7, true));
            for (GradientEstimator estimator : estimators) {
                add(cases, name, logistic, estimator, 1e-3);
                add(cases, name, linear, estimator, 1e-3);
            }
        }
        // sgld-cv: the control-variate gradient around a mode estimate from a short SGD search
        for (DataTarget target : List.of((DataTarget) data("logistic-regression", breastCancer),
                new LinearRegression(diabetes, 50, 10))) {
            for (boolean shared : new boolean[] {false, true}) {
                int batch = shared ? 7 : 32;
                add(cases, "sgld-cv", target, ControlVariateGradient.find(target, batch, shared, 200, 1e-4, 5), 1e-3);
            }
        }
        // the classifiers: a tanh MLP with two hidden layers (d = 974) under every rule that takes minibatches,
        // shared batches, and mala; a relu MLP with the full gradient; softmax regression (the MLP without a
        // hidden layer). On a GPU the opencl engine computes their gradient with a work-group per chain.
        // 1e-4: a device's float tanh and exp (OpenCL allows them a few ulp) against the reference's, through 64
        // inputs and two layers, differ by up to about 3e-5 after 40 steps (PoCL); a gradient off by 0.1% differs
        // by 2e-4 or more
        double classifierTolerance = 1e-4;
        Target mlp = classifier("mlp", digits, "hidden=12:8,classes=10");
        for (String name : List.of("sgld", "psgld", "sghmc", "sgnht", "sgd", "adam")) {
            add(cases, name, mlp, new MinibatchGradient(8, false), 1e-4, classifierTolerance);
        }
        add(cases, "sgld", mlp, new MinibatchGradient(5, true), 1e-4, classifierTolerance);
        add(cases, "mala", mlp, new FullGradient(), 1e-4, classifierTolerance);
        add(cases, "sgld", classifier("mlp", digits, "hidden=16,activation=relu,classes=10"), new FullGradient(), 1e-3,
                classifierTolerance);
        add(cases, "sghmc", classifier("softmax-regression", digits, "classes=10"), new MinibatchGradient(7, false), 1e-3,
                classifierTolerance);
        // the MLP's regression (the Gaussian likelihood) on the diabetes data's real labels
        Target regression = classifier("mlp", diabetes, "hidden=12:8,likelihood=gaussian,noise-sd=50");
        add(cases, "sgld", regression, new MinibatchGradient(8, false), 1e-4, classifierTolerance);
        add(cases, "adam", regression, new FullGradient(), 1e-3, classifierTolerance);
        return cases;
    }

    private static Target classifier(String name, Dataset data, String params) {
        try {
            return Targets.create(name, new Targets.Request(0, Params.parse(params), data, 1));
        } catch (Exception e) {
            throw new IllegalStateException("equivalence case " + name + " is malformed", e);
        }
    }

    private static void add(List<Case> cases, String name, Target target, GradientEstimator estimator,
                            double stepSize) {
        add(cases, name, target, estimator, stepSize, 0);
    }

    /** A case whose tolerance is at least {@code minTolerance}. */
    private static void add(List<Case> cases, String name, Target target, GradientEstimator estimator,
                            double stepSize, double minTolerance) {
        if (name.equals("psgld") && target instanceof DataTarget data) {
            // psgld's preconditioner is 1 / |mean per-datum gradient|, N times that of the N-scaled gradient: eta / N
            // makes the same moves
            stepSize /= data.rows();
        }
        StepSizeSchedule schedule = name.equals("csgld") ? new Cyclical(stepSize, 2, STEPS) : new Constant(stepSize);
        UpdateRule rule = switch (name) {
            // refresh the momentum within the run, and estimate some gradient noise
            case "sghmc" -> new Sghmc(0.1, 0.02, 16);
            case "csgld" -> new Csgld((Cyclical) schedule, 0.3);
            // a thermostat that moves within the 40 steps
            case "sgnht" -> new dev.langevin.algorithm.Sgnht(0.1);
            // lambda 1e-3, not 1e-5: at step 0 sqrt(V) = 0.1 |g|, so eta G g is 10 eta sign(g) for any g above
            // 10 lambda, and a gradient near 0 (ackley's ripples) would flip on a float ulp
            case "psgld" -> new Psgld(0.99, 1e-3);
            default -> Algorithms.byName(name);
        };
        // psgld divides by lambda + sqrt(V), which magnifies the float rounding of small gradients (ackley's)
        double tolerance = name.equals("psgld") && target.name().equals("ackley") ? 1e-4 : 1e-5;
        cases.add(new Case(target, estimator, rule, schedule, Math.max(tolerance, minTolerance)));
    }

    private static Target analytic(String name, int dim, String params) {
        try {
            return Targets.create(name, new Targets.Request(dim, Params.parse(params), null, 1));
        } catch (Exception e) {
            throw new IllegalStateException("equivalence case " + name + " d=" + dim + " is malformed", e);
        }
    }

    private static Target data(String name, Dataset data) {
        try {
            return Targets.create(name, new Targets.Request(0, Params.empty(), data, 5));
        } catch (Exception e) {
            throw new IllegalStateException("equivalence case " + name + " is malformed", e);
        }
    }

    /**
     * The largest |actual - expected| / (1 + |expected|) over all values, or NaN when the
     * reference itself is not finite somewhere (a badly chosen case).
     */
    public static double worstDifference(float[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i])) {
                return Double.NaN;
            }
            double difference = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
            if (Double.isNaN(difference)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, difference);
        }
        return worst;
    }
}
