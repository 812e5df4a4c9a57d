package dev.langevin.engine;

import dev.langevin.TestData;
import dev.langevin.check.EquivalenceCases;
import dev.langevin.data.Dataset;
import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.junit.jupiter.params.provider.Arguments;

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

    /**
     * Arguments: target, gradient estimator, update rule, step size schedule, tolerance; the
     * cases of {@link EquivalenceCases}, which the equivalence command runs too.
     */
    public static Stream<Arguments> equivalence() throws Exception {
        return EquivalenceCases.all(TestData.breastCancer(), TestData.diabetes(), TestData.digits()).stream()
                .map(c -> Arguments.of(c.target(), c.estimator(), c.rule(), c.schedule(), c.tolerance()));
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
