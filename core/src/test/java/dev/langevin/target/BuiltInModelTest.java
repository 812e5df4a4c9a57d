package dev.langevin.target;

import dev.langevin.algorithm.Algorithms;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.cpu.CpuEngine;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.model.GradientCheck;
import dev.langevin.model.ModelTarget;
import dev.langevin.schedule.Constant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in target is a model like any other: its kernel methods in float, over its one
 * parameter array, give the potential and gradient its double methods give, and pass the
 * finite-difference check a user's model passes; run as a plain model (its kernel methods
 * only) it samples as the built-in does.
 */
class BuiltInModelTest {
    static Stream<Target> targets() throws Exception {
        return GradientTest.targets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void kernelMethodsAgreeWithTheDoubleSpecification(Target target) {
        assertTrue(target instanceof BuiltInModel, target.name() + " is a model");
        ModelTarget model = ModelTarget.of((BuiltInModel) target);
        assertEquals(target.dim(), model.dim());
        assertEquals(target.parameterNames(), model.parameterNames());
        SplittableRandom random = new SplittableRandom(7);
        int d = target.dim();
        double[] theta = new double[d];
        double[] expected = new double[d];
        double[] actual = new double[d];
        for (int trial = 0; trial < 20; trial++) {
            for (int j = 0; j < d; j++) {
                // float points, so both sides see the same theta
                theta[j] = (float) random.nextDouble(-2.5, 2.5);
            }
            target.potentialGradient(theta, expected);
            model.potentialGradient(theta, actual);
            double scale = 0;
            for (double g : expected) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int j = 0; j < d; j++) {
                assertEquals(expected[j], actual[j], 1e-4 * Math.max(1, scale), target.name() + " gradient " + j);
            }
            double u = target.potential(theta);
            assertEquals(u, model.potential(theta), 1e-4 * Math.max(1, Math.abs(u)), target.name() + " potential");
        }
        if (target.name().equals("linear-regression")) {
            // on the raw diabetes data U is about 2000, summed over 442 float rows: its differences cannot resolve the
            // gradient to 1% (the double methods pass that check in GradientTest, and the float gradient matches them)
            return;
        }
        GradientCheck check = GradientCheck.of(model, 20, -2, 2, 3);
        assertTrue(check.passes(), target.name() + ": " + check);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void asAPlainModelOnTheCpuEngineItSamplesAsTheBuiltInOnTheReference(Target target) {
        ModelTarget model = ModelTarget.of((BuiltInModel) target);
        boolean data = target instanceof DataTarget;
        double step = data ? 1e-4 : target.name().equals("rosenbrock") ? 1e-4 : 0.01;
        Plan builtIn = Plans.plan(target, data ? new MinibatchGradient(8, false) : new FullGradient(),
                Algorithms.byName("sgld"), new Constant(step), 1, 19, 30, 0, 1, new InitialState.Uniform(-1, 1), 11);
        Plan asModel = Plans.plan(model, builtIn.estimator(), builtIn.rule(), builtIn.stepSize(), 1, 19, 30, 0, 1,
                new InitialState.Uniform(-1, 1), 11);
        InMemoryDraws expected = new InMemoryDraws(19, builtIn.draws(), target.dim());
        new ReferenceEngine().run(builtIn, expected, ProgressListener.NONE);
        InMemoryDraws actual = new InMemoryDraws(19, asModel.draws(), target.dim());
        new CpuEngine().run(asModel, actual, ProgressListener.NONE);
        double worst = dev.langevin.engine.EngineCases.worstDifference(expected.values(), actual.values());
        assertTrue(worst <= 1e-3, target.name() + ": largest relative difference " + worst);
    }
}
