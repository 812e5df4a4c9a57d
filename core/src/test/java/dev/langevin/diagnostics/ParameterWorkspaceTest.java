package dev.langevin.diagnostics;

import dev.langevin.io.NpyDrawWriter;
import dev.langevin.io.NpyDraws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The summary's fast path (one sort, split chains in place, summed spectra) against the
 * per-quantity classes, which follow posterior's code step by step, on shapes and values that
 * exercise each of its branches: odd lengths, ties (float data and rounded data), a stuck
 * chain, constant and two-valued draws, one chain, superchains, and the grouped file reads.
 */
class ParameterWorkspaceTest {
    private static final double RELATIVE = 1e-9;

    @Test
    void agreesWithThePerQuantityClassesOnManyShapes() {
        SplittableRandom random = new SplittableRandom(17);
        int[][] shapes = {{4, 100}, {3, 101}, {50, 7}, {1, 200}, {200, 10}, {6, 6}, {8, 5}, {5, 2}, {16, 63}};
        List<DoubleUnaryOperator> kinds = List.of(
                v -> v,                                  // doubles, no ties
                v -> (float) v,                          // float32 draws
                v -> Math.rint(v * 4) / 4,               // heavy ties
                v -> v * v * v * 1e3,                    // heavy tails, large values
                v -> v > 0 ? 1 : -1);                    // two values: the folded draws are constant
        for (int[] shape : shapes) {
            for (int k = 0; k < kinds.size(); k++) {
                int chains = shape[0];
                int draws = shape[1];
                double[] values = new double[chains * draws];
                for (int c = 0; c < chains; c++) {
                    double state = random.nextGaussian();
                    for (int t = 0; t < draws; t++) {
                        state = 0.7 * state + 0.7 * random.nextGaussian() + (c == 0 ? 0.5 : 0);
                        values[c * draws + t] = kinds.get(k).applyAsDouble(state);
                    }
                }
                if (k == 2 && chains > 2) {
                    java.util.Arrays.fill(values, draws, 2 * draws, 0.25); // a stuck chain
                }
                compare("shape " + chains + "x" + draws + " kind " + k, new Chains(values, chains, draws));
            }
        }
    }

    @Test
    void constantAndNonFiniteDrawsGiveWhatThePerQuantityClassesGive() {
        compare("constant", new Chains(new double[4 * 20], 4, 20));
        double[] values = new SplittableRandom(2).doubles(4 * 20).toArray();
        values[7] = Double.NaN;
        compare("nan", new Chains(values, 4, 20));
        values[7] = Double.POSITIVE_INFINITY;
        compare("infinite", new Chains(values, 4, 20));
    }

    @Test
    void groupedFileReadsGiveTheSameSummariesAsReadingOneParameterAtATime(@TempDir Path dir) throws IOException {
        int chains = 12;
        int draws = 41;
        int dims = 7;
        Path file = dir.resolve("draws.npy");
        SplittableRandom random = new SplittableRandom(5);
        dev.langevin.engine.InMemoryDraws memory = new dev.langevin.engine.InMemoryDraws(chains, draws, dims);
        try (NpyDrawWriter writer = new NpyDrawWriter(file, chains, draws, dims, 1 << 10)) {
            float[] state = new float[chains * dims];
            for (int t = 0; t < draws; t++) {
                for (int i = 0; i < state.length; i++) {
                    state[i] = (float) (random.nextGaussian() * (1 + i % dims));
                }
                writer.accept(t, state, chains, dims);
                memory.accept(t, state, chains, dims);
            }
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < dims; j++) {
            names.add("p" + j);
        }
        try (NpyDraws npy = NpyDraws.open(file)) {
            assertTrue(npy.readsInGroups() && npy.singlePrecision());
            List<ParameterSummary> grouped = Summary.of(npy, names, Set.of(3), 4);
            List<ParameterSummary> single = Summary.of(memory, names, Set.of(3), 4);
            assertEquals(single, grouped);
            assertTrue(Double.isFinite(grouped.get(0).rhatNested()), "three whole superchains remain");
        }
    }

    @Test
    void theMemoryPlanFitsWhatItIsGivenOrSaysItCannot() {
        // 65536 chains x 2000 draws from a float32 file in 15 GB: one worker, several parameters a pass
        Summary.Layout big = Summary.layout(65536, 2000, 100, true, true, 15_000_000_000L, 2);
        assertTrue(big.fits());
        assertTrue(big.bytes() <= 15_000_000_000L, "plan " + big);
        assertEquals(1, big.workers());
        assertTrue(big.group() > 4, "plan " + big);
        // 4096 x 1000 x 100 in 15 GB: both cores, every parameter in one pass
        Summary.Layout small = Summary.layout(4096, 1000, 100, true, true, 15_000_000_000L, 2);
        assertEquals(2, small.workers());
        assertEquals(100, small.group());
        // too little memory for even one parameter
        Summary.Layout none = Summary.layout(65536, 2000, 100, true, true, 4_000_000_000L, 2);
        assertFalse(none.fits());
        assertTrue(none.minimumBytes() > 4_000_000_000L);
    }

    private static void compare(String label, Chains x) {
        int superchains = x.chains() % 2 == 0 && x.chains() >= 4 ? 2 : 0;
        ParameterSummary row = Summary.of(new PosteriorAgreementTest.ChainsSource(x), List.of("x"), Set.of(),
                superchains).get(0);
        double[] q = Quantiles.of(x.values(), 0.05, 0.5, 0.95);
        check(label + " q5", q[0], row.q5());
        check(label + " q50", q[1], row.q50());
        check(label + " q95", q[2], row.q95());
        check(label + " rhat", RHat.rankNormalized(x), row.rhat());
        check(label + " ess_bulk", Ess.bulk(x), row.essBulk());
        check(label + " ess_tail", Ess.tail(x), row.essTail());
        check(label + " mcse_mean", Mcse.mean(x), row.mcseMean());
        if (superchains > 0) {
            int[] groups = new int[x.chains()];
            for (int c = 0; c < groups.length; c++) {
                groups[c] = c / (x.chains() / superchains);
            }
            check(label + " rhat_nested", RHat.nested(x, groups), row.rhatNested());
        }
    }

    private static void check(String label, double expected, double actual) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), label + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected, actual, RELATIVE * Math.abs(expected), label);
        }
    }
}
