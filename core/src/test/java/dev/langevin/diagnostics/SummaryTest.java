package dev.langevin.diagnostics;

import dev.langevin.engine.InMemoryDraws;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryTest {

    @Test
    void summariesAreTheDiagnosticsOfEachParameterWithoutExcludedChains() {
        int chains = 6;
        int draws = 50;
        int dims = 2;
        InMemoryDraws sink = new InMemoryDraws(chains, draws, dims);
        SplittableRandom random = new SplittableRandom(3);
        float[] state = new float[dims * chains];
        for (int t = 0; t < draws; t++) {
            for (int i = 0; i < state.length; i++) {
                state[i] = (float) random.nextGaussian();
            }
            state[5] = Float.NaN; // chain 5 diverged in parameter 0
            sink.accept(t, state, chains, dims);
        }
        List<ParameterSummary> rows = Summary.of(sink, List.of("a", "b"), Set.of(5), 0);
        double[] values = new double[5 * draws];
        sink.read(1, new int[] {0, 1, 2, 3, 4}, values);
        Chains b = new Chains(values, 5, draws);
        assertEquals(RHat.rankNormalized(b), rows.get(1).rhat(), 1e-15);
        assertEquals(Ess.bulk(b), rows.get(1).essBulk(), 1e-12);
        assertEquals(Ess.tail(b), rows.get(1).essTail(), 1e-12);
        assertEquals(Mcse.mean(b), rows.get(1).mcseMean(), 1e-15);
        assertTrue(Double.isFinite(rows.get(0).mean()), "the divergent chain is left out");
        assertTrue(Double.isNaN(rows.get(0).rhatNested()));
    }

    @Test
    void nestedRhatWithSingleChainSuperchainsIsBasicRhatPlusOneOverN() {
        // with M = 1, nR-hat^2 = 1 + var(chain means) / W, and R-hat^2 = (n - 1) / n + var(means) / W
        SplittableRandom random = new SplittableRandom(8);
        int chains = 5;
        int n = 40;
        double[] v = new double[chains * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextGaussian() + (i / n) * 0.3;
        }
        Chains x = new Chains(v, chains, n);
        double nested = RHat.nested(x, new int[] {0, 1, 2, 3, 4});
        double basic = RHat.rhat(x);
        assertEquals(basic * basic + 1.0 / n, nested * nested, 1e-12);
    }
}
