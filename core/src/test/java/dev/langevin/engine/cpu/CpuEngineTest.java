package dev.langevin.engine.cpu;

import dev.langevin.TestData;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.algorithm.Sgld;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.engine.Divergence;
import dev.langevin.engine.EngineCases;
import dev.langevin.engine.InMemoryDraws;
import dev.langevin.engine.InitialState;
import dev.langevin.engine.Plan;
import dev.langevin.engine.Plans;
import dev.langevin.engine.ProgressListener;
import dev.langevin.engine.RunResult;
import dev.langevin.engine.reference.ReferenceEngine;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.schedule.Polynomial;
import dev.langevin.target.Target;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.langevin.engine.EngineCases.analytic;
import static dev.langevin.engine.EngineCases.data;
import static dev.langevin.engine.EngineCases.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cpu engine against the reference (docs/DESIGN.md contract 4). The reference rounds a
 * double computation to float once per step; the cpu engine computes in float, so each step
 * may differ by a few float ulps and the differences grow with the horizon at a rate set by
 * the target's curvature. Each case states its tolerance on |cpu - reference| / (1 + |reference|)
 * over every kept draw, for 37 chains (two full vectors and a partial one) and 40 steps.
 * Measured worst cases are 1e-7 to 2e-6 (the mixture's log-sum-exp); the stated 1e-5 is far
 * below what a wrong minibatch row, noise word or update term produces (1e-3 and more).
 */
class CpuEngineTest {
    private static final int CHAINS = 37;
    private static final int STEPS = EngineCases.STEPS;

    static Stream<Arguments> cases() throws Exception {
        return EngineCases.equivalence();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void agreesWithTheReference(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule schedule,
                                double tolerance) {
        Plan plan = Plans.plan(target, estimator, rule, schedule, 1, CHAINS, STEPS, 0, 1,
                new InitialState.Uniform(-1.5, 1.5), 42);
        InMemoryDraws reference = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult referenceResult = new ReferenceEngine().run(plan, reference, ProgressListener.NONE);
        InMemoryDraws cpu = new InMemoryDraws(plan.chains(), plan.draws(), plan.dim());
        RunResult result = new CpuEngine(2, 16).run(plan, cpu, ProgressListener.NONE);
        // Metropolis-Hastings decisions agree chain by chain
        assertArrayEquals(referenceResult.accepted(), result.accepted());
        double worst = EngineCases.worstDifference(reference.values(), cpu.values());
        assertTrue(worst <= tolerance, "largest relative difference " + worst + " exceeds " + tolerance);
    }

    /** Starting points read from whole blocks of Philox words are InitialState.value's, bit for bit. */
    @Test
    void startingPointsAreTheInitialStatesValues() throws Exception {
        Target target = analytic("gaussian", 7, "");
        for (InitialState init : new InitialState[] {new InitialState.Uniform(-2, 3), new InitialState.Normal(0.5, 1.5),
                new InitialState.Grouped(new InitialState.Normal(0, 2), 4),
                new InitialState.Point(new double[] {1, -2, 3, -4, 5, -6, 7})}) {
            Plan plan = new Plan(target, new FullGradient(), new Sgld(), new Constant(1e-3), 1, 37, 1000, 2, 1, 1, init,
                    77);
            CpuEngine.Shared run = new CpuEngine.Shared(plan, 2);
            Worker worker = new Worker(run);
            for (int block = 0; block * VectorNoise.LANES < plan.chains(); block++) {
                worker.initialise(block);
            }
            dev.langevin.rng.Noise noise = new dev.langevin.rng.Noise(plan.seed());
            for (int c = 0; c < plan.chains(); c++) {
                for (int j = 0; j < plan.dim(); j++) {
                    float expected = (float) init.value(noise, plan.firstChain() + c, j);
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(run.state[j * plan.chains() + c]),
                            init.describe() + " chain " + c + " coordinate " + j);
                }
            }
        }
    }

    /** Contract 2: neither the thread count, nor K, nor splitting the chains changes a bit. */
    @Test
    void threadsLaunchSizeAndSplittingChangeNothing() throws Exception {
        Target target = data("logistic-regression", TestData.breastCancer());
        Plan plan = Plans.plan(target, new MinibatchGradient(16, false), new Sgld(), new Polynomial(1e-3, 1, 0.55), 1,
                53, 90, 20, 3, new InitialState.Normal(0, 0.5), 9);
        InMemoryDraws one = run(new CpuEngine(1, 64), plan);
        InMemoryDraws three = run(new CpuEngine(3, 7), plan);
        InMemoryDraws single = run(new CpuEngine(2, 1), plan);
        assertArrayEquals(one.values(), three.values());
        assertArrayEquals(one.values(), single.values());
        // chains 0..20 and 21..52 as two plans: the second starts mid-vector
        InMemoryDraws first = run(new CpuEngine(2, 64), plan.slice(0, 21));
        InMemoryDraws second = run(new CpuEngine(2, 64), plan.slice(21, 32));
        EngineCases.assertSplitMatches(one, first, second, 21);
    }

    /**
     * Contract 5: the same chains diverge, are frozen and reported. A float gradient can overflow
     * one step before the reference's double one does, so a chain may be reported a step earlier.
     */
    @Test
    void divergingChainsAreFrozenAndReportedAsTheReferenceDoes() throws Exception {
        // double-well with eta = 0.09: chains starting beyond |theta| ~ 2.4 overshoot and blow up
        Plan plan = Plans.plan(analytic("double-well", 3, "barrier=1"), new FullGradient(), new Sgld(),
                new Constant(0.09), 0.1, 40, 30, 0, 1, new InitialState.Uniform(-3.2, 3.2), 3);
        RunResult reference = new ReferenceEngine().run(plan, new InMemoryDraws(40, 30, 3), ProgressListener.NONE);
        InMemoryDraws draws = new InMemoryDraws(40, 30, 3);
        RunResult cpu = new CpuEngine(2, 8).run(plan, draws, ProgressListener.NONE);
        assertFalse(reference.divergences().isEmpty(), "the case must make some chains diverge");
        assertTrue(reference.divergences().size() < 40, "and leave others finite");
        assertEquals(reference.divergences().size(), cpu.divergences().size());
        for (int i = 0; i < cpu.divergences().size(); i++) {
            Divergence expected = reference.divergences().get(i);
            Divergence actual = cpu.divergences().get(i);
            assertEquals(expected.chain(), actual.chain());
            assertTrue(actual.step() == expected.step() || actual.step() == expected.step() - 1,
                    "chain " + actual.chain() + " diverged at step " + actual.step() + ", the reference at " + expected.step());
        }
        // finite chains are untouched by their neighbours' divergence
        InMemoryDraws expectedDraws = run(new ReferenceEngine(), plan);
        for (int c = 0; c < 40; c++) {
            int chain = c;
            if (reference.divergences().stream().noneMatch(d -> d.chain() == chain)) {
                for (int j = 0; j < 3; j++) {
                    float ref = expectedDraws.get(c, 29, j);
                    assertEquals(ref, draws.get(c, 29, j), 1e-5 * (1 + Math.abs(ref)));
                }
            }
        }
        for (Divergence divergence : cpu.divergences()) {
            int c = divergence.chain();
            for (int t = divergence.step() + 1; t < 30; t++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(Float.floatToIntBits(draws.get(c, divergence.step(), j)),
                            Float.floatToIntBits(draws.get(c, t, j)), "chain " + c + " moved after diverging");
                }
            }
        }
    }

    /**
     * The same bits whether the Vector API runs interpreted (its Java fallbacks) or compiled
     * (C2 intrinsics): otherwise a run's numbers would depend on when the JIT finished.
     */
    @Test
    void interpretedAndCompiledCodeGiveTheSameBits() throws Exception {
        for (int i = 0; i < 30; i++) {
            JitTiers.checksum();
        }
        long compiled = JitTiers.checksum();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xint", "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), JitTiers.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes()).trim();
        assertEquals(0, process.waitFor());
        assertEquals(compiled, Long.parseLong(output));
    }
}
