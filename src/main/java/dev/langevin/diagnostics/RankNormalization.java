package dev.langevin.diagnostics;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Rank normalisation and folding of Vehtari, Gelman, Simpson, Carpenter, Buerkner (2021),
 * "Rank-normalization, folding, and localization: an improved R-hat for assessing convergence
 * of MCMC", Bayesian Analysis 16(2); posterior's {@code z_scale} and {@code fold_draws}.
 */
public final class RankNormalization {
    /** The offset c of Blom's normal scores, (r - c) / (S - 2c + 1). */
    public static final double BLOM_OFFSET = 3.0 / 8.0;

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private RankNormalization() {
    }

    /** z = Phi^-1((r - 3/8) / (S - 3/4 + 1)) with r the average rank among all S values. */
    public static Chains zScale(Chains x) {
        double[] ranks = Ranks.of(x.values());
        int size = ranks.length;
        double[] z = new double[size];
        for (int i = 0; i < size; i++) {
            z[i] = STANDARD_NORMAL.inverseCumulativeProbability(
                    (ranks[i] - BLOM_OFFSET) / (size - 2 * BLOM_OFFSET + 1));
        }
        return x.with(z);
    }

    /** |x - median(x)|, for the tail (scale) versions of R-hat and ESS. */
    public static Chains fold(Chains x) {
        double median = Quantiles.of(x.values(), 0.5)[0];
        double[] folded = new double[x.values().length];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = Math.abs(x.values()[i] - median);
        }
        return x.with(folded);
    }
}
