package dev.langevin.engine;

import dev.langevin.TestData;
import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.Csgld;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Psgld;
import dev.langevin.algorithm.Sghmc;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.Cyclical;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.DataTarget;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The equivalence cases every engine is tested on against the reference (docs/DESIGN.md
 * contract 4): each target with each algorithm, the regressions with the full gradient,
 * per-chain batches of 32 and shared batches of 7 (mala: the full gradient only) and sgld-cv's
 * control-variate gradient, each with its step size schedule and the tolerance on
 * |engine - reference| / (1 + |reference|).
 */
public final class EngineCases {
    private EngineCases() {
    }

    /** Steps of the equivalence runs; csgld's two cycles fit in them. */
    public static final int STEPS = 40;

    /** Arguments: target, gradient estimator, update rule, step size schedule, tolerance. */
    public static Stream<Arguments> equivalence() throws Exception {
        Dataset breastCancer = TestData.breastCancer();
        Dataset diabetes = TestData.diabetes();
        List<Arguments> cases = new ArrayList<>();
        for (String name : List.of("sgld", "sgd", "adam", "psgld", "sghmc", "mala", "csgld")) {
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
            List<GradientEstimator> estimators = name.equals("mala") ? List.of(new FullGradient())
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
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String name, Target target, GradientEstimator estimator,
                            double stepSize) {
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
            // lambda 1e-3, not 1e-5: at step 0 sqrt(V) = 0.1 |g|, so eta G g is 10 eta sign(g) for any g above
            // 10 lambda, and a gradient near 0 (ackley's ripples) would flip on a float ulp
            case "psgld" -> new Psgld(0.99, 1e-3);
            default -> Algorithms.byName(name);
        };
        // psgld divides by lambda + sqrt(V), which magnifies the float rounding of small gradients (ackley's)
        double tolerance = name.equals("psgld") && target.name().equals("ackley") ? 1e-4 : 1e-5;
        cases.add(Arguments.of(target, estimator, rule, schedule, tolerance));
    }

    /** An analytic target by name, dimension and --param text. */
    public static Target analytic(String name, int dim, String params) throws Exception {
        return Targets.create(name, new Targets.Request(dim, Params.parse(params), null, 1));
    }

    /** A data target by name. */
    public static Target data(String name, Dataset data) throws Exception {
        return Targets.create(name, new Targets.Request(0, Params.empty(), data, 5));
    }

    /**
     * The largest |actual - expected| / (1 + |expected|) over all values; the expected values
     * (the reference's) must be finite, or the case is badly chosen.
     */
    public static double worstDifference(float[] expected, float[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            org.junit.jupiter.api.Assertions.assertTrue(Float.isFinite(expected[i]),
                    "the reference diverged; the case is badly chosen");
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
        }
        return worst;
    }

    /** Draws of chains [0, at) in first and [at, chains) in second are bit for bit those of the whole run. */
    public static void assertSplitMatches(InMemoryDraws whole, InMemoryDraws first, InMemoryDraws second, int at) {
        for (int c = 0; c < whole.chains(); c++) {
            for (int t = 0; t < whole.draws(); t++) {
                for (int j = 0; j < whole.dims(); j++) {
                    float part = c < at ? first.get(c, t, j) : second.get(c - at, t, j);
                    org.junit.jupiter.api.Assertions.assertEquals(Float.floatToIntBits(whole.get(c, t, j)),
                            Float.floatToIntBits(part), "chain " + c + ", draw " + t + ", coordinate " + j);
                }
            }
        }
    }

    /** Runs a plan and keeps its draws in memory. */
    public static InMemoryDraws run(Engine engine, Plan plan) {
        InMemoryDraws draws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        engine.run(plan, draws, ProgressListener.NONE);
        return draws;
    }
}
