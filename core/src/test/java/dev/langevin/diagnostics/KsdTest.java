package dev.langevin.diagnostics;

import dev.langevin.target.Params;
import dev.langevin.target.Target;
import dev.langevin.target.Targets;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.source64.SplitMix64;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kernel Stein discrepancy against an independent computation and the properties the paper proves. */
class KsdTest {
    private static Target gaussian(int d) throws Exception {
        return Targets.create("gaussian", new Targets.Request(d, Params.empty(), null, 1));
    }

    private static double[] sample(int n, int d, double mean, double sd, long seed) {
        UniformRandomProvider rng = new SplitMix64(seed);
        ContinuousDistribution.Sampler normal = NormalDistribution.of(mean, sd).createSampler(rng);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = normal.sample();
        }
        return x;
    }

    /** The base kernel (1 + |x - y|^2)^(-1/2). */
    private static double kernel(double[] x, double[] y) {
        double r2 = 0;
        for (int j = 0; j < x.length; j++) {
            r2 += (x[j] - y[j]) * (x[j] - y[j]);
        }
        return Math.pow(1 + r2, -0.5);
    }

    /**
     * k0 from its definition, with every derivative of the base kernel taken by central
     * differences: s(x).s(y) k + s(x).grad_y k + s(y).grad_x k + sum_j d^2 k / dx_j dy_j.
     */
    private static double k0ByDifferences(double[] x, double[] y, double[] sx, double[] sy) {
        double h = 1e-4;
        int d = x.length;
        double value = 0;
        for (int j = 0; j < d; j++) {
            value += sx[j] * sy[j];
        }
        value *= kernel(x, y);
        for (int j = 0; j < d; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            double[] yp = y.clone();
            double[] ym = y.clone();
            xp[j] += h;
            xm[j] -= h;
            yp[j] += h;
            ym[j] -= h;
            value += sx[j] * (kernel(x, yp) - kernel(x, ym)) / (2 * h);
            value += sy[j] * (kernel(xp, y) - kernel(xm, y)) / (2 * h);
            value += (kernel(xp, yp) - kernel(xp, ym) - kernel(xm, yp) + kernel(xm, ym)) / (4 * h * h);
        }
        return value;
    }

    @Test
    void equalsTheDefinitionComputedIndependently() throws Exception {
        int d = 3;
        int n = 40;
        Target target = Targets.create("gaussian", new Targets.Request(d, Params.parse("mean=0.3,sigma=0.7:1:2"), null, 1));
        double[] x = sample(n, d, 0.2, 1.3, 7);
        double total = 0;
        double[][] scores = new double[n][d];
        for (int i = 0; i < n; i++) {
            target.potentialGradient(java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d), scores[i]);
            for (int j = 0; j < d; j++) {
                scores[i][j] = -scores[i][j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                total += k0ByDifferences(java.util.Arrays.copyOfRange(x, i * d, (i + 1) * d),
                        java.util.Arrays.copyOfRange(x, k * d, (k + 1) * d), scores[i], scores[k]);
            }
        }
        Ksd ksd = Ksd.of(target, x, n);
        assertEquals(Math.sqrt(total / (n * n)), ksd.value(), 1e-6 * ksd.value());
        assertEquals(n, ksd.n());
    }

    @Test
    void shrinksLikeTheInverseSquareRootOfExactDraws() throws Exception {
        Target target = gaussian(2);
        double small = 0;
        double large = 0;
        for (long seed = 1; seed <= 5; seed++) {
            small += Ksd.of(target, sample(250, 2, 0, 1, seed), 250).value();
            large += Ksd.of(target, sample(4000, 2, 0, 1, 100 + seed), 4000).value();
        }
        double ratio = large / small;
        // 16 times the points: a quarter of the discrepancy
        assertEquals(0.25, ratio, 0.08, "KSD(4000) / KSD(250)");
    }

    @Test
    void aShiftedOrOverdispersedSampleIsFartherAway() throws Exception {
        Target target = gaussian(2);
        double exact = Ksd.of(target, sample(1000, 2, 0, 1, 1), 1000).value();
        double shifted = Ksd.of(target, sample(1000, 2, 0.5, 1, 1), 1000).value();
        double wide = Ksd.of(target, sample(1000, 2, 0, 1.5, 1), 1000).value();
        assertTrue(shifted > 3 * exact, shifted + " against " + exact);
        assertTrue(wide > 3 * exact, wide + " against " + exact);
    }
}
