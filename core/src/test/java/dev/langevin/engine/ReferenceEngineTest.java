package dev.langevin.engine;

import dev.langevin.algorithm.Adam;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgd;
import dev.langevin.algorithm.Sgld;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.TestData;
import dev.langevin.schedule.Constant;
import dev.langevin.target.Gaussian;
import dev.langevin.target.LogisticRegression;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceEngineTest {

    private static InMemoryDraws run(Engine engine, Plan plan) {
        InMemoryDraws draws = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        engine.run(plan, draws, ProgressListener.NONE);
        return draws;
    }

    private static Target ackley(int d) throws Exception {
        return Targets.create("ackley", new Targets.Request(d, Params.empty(), null, 1));
    }

    /** Contract 2: a chain's numbers depend on its global index, not on which chains run beside it. */
    @Test
    void splittingChainsChangesNothing() throws Exception {
        Plan whole = Plans.plan(ackley(3), new Sgld(), 0.05, 1, 10, 120, 20, 3, 99);
        InMemoryDraws all = run(new ReferenceEngine(), whole);
        InMemoryDraws first = run(new ReferenceEngine(), whole.slice(0, 4));
        InMemoryDraws second = run(new ReferenceEngine(), whole.slice(4, 6));
        for (int c = 0; c < 10; c++) {
            for (int t = 0; t < whole.draws(); t++) {
                for (int j = 0; j < 3; j++) {
                    float part = c < 4 ? first.get(c, t, j) : second.get(c - 4, t, j);
                    assertEquals(Float.floatToIntBits(all.get(c, t, j)), Float.floatToIntBits(part));
                }
            }
        }
    }

    @Test
    void stepsFusedPerLaunchChangeNothing() throws Exception {
        Target target = Targets.create("logistic-regression", new Targets.Request(0, Params.empty(), TestData.breastCancer(), 1));
        Plan plan = Plans.plan(target, new MinibatchGradient(16, false), new Sgld(), new Constant(1e-3), 1, 5, 50, 10, 2,
                new InitialState.Normal(0, 0.1), 5);
        float[] k64 = run(new ReferenceEngine(), plan).values();
        assertArrayEquals(k64, run(new ReferenceEngine(1), plan).values());
        assertArrayEquals(k64, run(new ReferenceEngine(7), plan).values());
    }

    @Test
    void seedsAndMinibatchModesMatter() throws Exception {
        Target target = Targets.create("logistic-regression", new Targets.Request(0, Params.empty(), TestData.breastCancer(), 1));
        Plan perChain = Plans.plan(target, new MinibatchGradient(8, false), new Sgd(), new Constant(1e-3), 0, 2, 3, 0, 1,
                new InitialState.Point(new double[31]), 5);
        Plan shared = Plans.plan(target, new MinibatchGradient(8, true), new Sgd(), new Constant(1e-3), 0, 2, 3, 0, 1,
                new InitialState.Point(new double[31]), 5);
        InMemoryDraws a = run(new ReferenceEngine(), perChain);
        InMemoryDraws b = run(new ReferenceEngine(), shared);
        // SGD from one point: per-chain batches make the two chains differ, a shared batch keeps them equal
        assertNotEquals(a.get(0, 2, 1), a.get(1, 2, 1));
        assertEquals(b.get(0, 2, 1), b.get(1, 2, 1));
        assertEquals(a.get(0, 2, 1), b.get(0, 2, 1), "the shared batch is chain 0's batch");
    }

    @Test
    void keepsTheDocumentedDraws() throws Exception {
        // 10 steps, burn-in 3, thin 2: the states after steps 5, 7, 9 (counting from 1) are kept
        Plan plan = Plans.plan(new Gaussian(new double[] {0}, new double[] {1}), new Sgld(), 0.1, 1, 2, 10, 3, 2, 11);
        assertEquals(3, plan.draws());
        InMemoryDraws kept = run(new ReferenceEngine(), plan);
        Plan five = Plans.plan(new Gaussian(new double[] {0}, new double[] {1}), new Sgld(), 0.1, 1, 2, 5, 4, 1, 11);
        assertEquals(run(new ReferenceEngine(), five).get(1, 0, 0), kept.get(1, 0, 0));
        Plan nine = Plans.plan(new Gaussian(new double[] {0}, new double[] {1}), new Sgld(), 0.1, 1, 2, 9, 8, 1, 11);
        assertEquals(run(new ReferenceEngine(), nine).get(1, 0, 0), kept.get(1, 2, 0));
    }

    /** Contract 5: a chain that blows up is frozen and reported, the others carry on untouched. */
    @Test
    void divergentChainsAreFrozenAndReported() throws Exception {
        // double well with a large step: U' = 4 theta (theta^2 - 1) explodes from |theta| > about 2.3 at eta = 0.1
        Target well = Targets.create("double-well", new Targets.Request(1, Params.empty(), null, 1));
        Plan plan = Plans.plan(well, new Sgd(), 0.1, 0, 64, 40, 0, 1, 3).slice(0, 64);
        plan = new Plan(plan.target(), plan.estimator(), plan.rule(), plan.stepSize(), 0, 64, 0, 40, 0, 1,
                new InitialState.Uniform(-3, 3), 3);
        InMemoryDraws draws = new InMemoryDraws(64, 40, 1);
        RunResult result = new ReferenceEngine().run(plan, draws, ProgressListener.NONE);
        assertFalse(result.divergences().isEmpty(), "some starts beyond the stable region must diverge");
        assertTrue(result.divergences().size() < 64, "starts inside must not");
        for (Divergence d : result.divergences()) {
            float at = draws.get(d.chain(), d.step(), 0);
            assertFalse(Float.isFinite(at), "non-finite at the reported step");
            if (d.step() > 0) {
                assertTrue(Float.isFinite(draws.get(d.chain(), d.step() - 1, 0)), "finite one step before");
            }
            assertEquals(Float.floatToIntBits(at), Float.floatToIntBits(draws.get(d.chain(), 39, 0)), "frozen");
        }
        List<Integer> diverged = result.divergences().stream().map(Divergence::chain).toList();
        for (int c = 0; c < 64; c++) {
            if (!diverged.contains(c)) {
                assertEquals(1, Math.abs(draws.get(c, 39, 0)), 1e-3, "a stable chain descends to a well at +-1");
            }
        }
    }

    @Test
    void optimisersFindTheMinimumOfAConvexTarget() throws Exception {
        Target bowl = Targets.create("quadratic", new Targets.Request(5, Params.parse("condition=10"), null, 1));
        for (var rule : List.of(new Sgd(), new Adam())) {
            Plan plan = Plans.plan(bowl, rule, 0.05, 1, 8, 2000, 1999, 1, 1);
            RunResult result = new ReferenceEngine().run(plan, (d, s, c, n) -> { }, ProgressListener.NONE);
            for (float v : result.finalState()) {
                assertEquals(0, v, 1e-3, rule.name());
            }
        }
    }

    @Test
    void minibatchGradientIsUnbiased() throws Exception {
        LogisticRegression target = (LogisticRegression) Targets.create("logistic-regression",
                new Targets.Request(0, Params.empty(), TestData.breastCancer(), 1));
        double[] theta = new double[31];
        for (int j = 0; j < 31; j++) {
            theta[j] = 0.1 * Math.sin(j);
        }
        double[] exact = new double[31];
        target.potentialGradient(theta, exact);
        MinibatchGradient estimator = new MinibatchGradient(10, false);
        dev.langevin.rng.Noise noise = new dev.langevin.rng.Noise(77);
        double[] sum = new double[31];
        double[] squares = new double[31];
        double[] g = new double[31];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            estimator.estimate(target, theta, i % 100, i / 100, noise, g);
            for (int j = 0; j < 31; j++) {
                sum[j] += g[j];
                squares[j] += g[j] * g[j];
            }
        }
        for (int j = 0; j < 31; j++) {
            double mean = sum[j] / n;
            double se = Math.sqrt((squares[j] / n - mean * mean) / n);
            assertEquals(exact[j], mean, 5 * se + 1e-9, "coordinate " + j);
        }
    }
}
