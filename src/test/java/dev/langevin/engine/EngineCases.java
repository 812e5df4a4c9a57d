package dev.langevin.engine;

import dev.langevin.TestData;
import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgd;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.data.Dataset;
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
 * contract 4): each target with each update rule, the regressions with the full gradient,
 * per-chain batches of 32 and shared batches of 7, each with its step size and the tolerance
 * on |engine - reference| / (1 + |reference|).
 */
public final class EngineCases {
    private EngineCases() {
    }

    /** Arguments: target, gradient estimator, update rule, step size, tolerance. */
    public static Stream<Arguments> equivalence() throws Exception {
        Dataset breastCancer = TestData.breastCancer();
        Dataset diabetes = TestData.diabetes();
        List<Arguments> cases = new ArrayList<>();
        for (UpdateRule rule : List.of(new Sgld(), new Sgd(), new Adam())) {
            cases.add(Arguments.of(analytic("gaussian", 7, "mean=1,sigma=0.5:1:2:1:1:1:3"), new FullGradient(), rule, 0.02, 1e-5));
            cases.add(Arguments.of(analytic("gaussian", 40, ""), new FullGradient(), rule, 0.02, 1e-5));
            cases.add(Arguments.of(analytic("correlated-gaussian", 9, "rho=0.8"), new FullGradient(), rule, 0.02, 1e-5));
            cases.add(Arguments.of(analytic("quadratic", 6, "condition=10"), new FullGradient(), rule, 0.02, 1e-5));
            cases.add(Arguments.of(analytic("ackley", 2, ""), new FullGradient(), rule, 0.002, 1e-5));
            cases.add(Arguments.of(analytic("ackley", 20, ""), new FullGradient(), rule, 0.002, 1e-5));
            cases.add(Arguments.of(analytic("rosenbrock", 4, ""), new FullGradient(), rule, 1e-4, 1e-5));
            cases.add(Arguments.of(analytic("mixture", 3, "means=-2:0.5:3,sigmas=1:0.5:2,weights=1:2:1"),
                    new FullGradient(), rule, 0.02, 1e-5));
            cases.add(Arguments.of(analytic("double-well", 5, "barrier=2"), new FullGradient(), rule, 0.005, 1e-5));
            Target logistic = data("logistic-regression", breastCancer);
            Target linear = new LinearRegression(diabetes, 50, 10);
            for (GradientEstimator estimator : List.of(new FullGradient(), new MinibatchGradient(32, false),
                    new MinibatchGradient(7, true))) {
                cases.add(Arguments.of(logistic, estimator, rule, 1e-3, 1e-5));
                cases.add(Arguments.of(linear, estimator, rule, 1e-3, 1e-5));
            }
        }
        return cases.stream();
    }

    /** An analytic target by name, dimension and --param text. */
    public static Target analytic(String name, int dim, String params) throws Exception {
        return Targets.create(name, new Targets.Request(dim, Params.parse(params), null, 1));
    }

    /** A data target by name. */
    public static Target data(String name, Dataset data) throws Exception {
        return Targets.create(name, new Targets.Request(0, Params.empty(), data, 5));
    }

    /** Runs a plan and keeps its draws in memory. */
    public static InMemoryDraws run(Engine engine, Plan plan) {
        InMemoryDraws draws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        engine.run(plan, draws, ProgressListener.NONE);
        return draws;
    }
}
