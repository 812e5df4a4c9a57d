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
        double[] table = halfScores(size);
        double[] z = new double[size];
        for (int i = 0; i < size; i++) {
            z[i] = table[(int) (2 * ranks[i]) - 2];
        }
        return x.with(z);
    }

    static double score(double rank, int size) {
        return STANDARD_NORMAL.inverseCumulativeProbability((rank - BLOM_OFFSET) / (size - 2 * BLOM_OFFSET + 1));
    }

    /** The scores of ranks 1, 1.5, 2, ..., S (every average rank) for the last S asked for. */
    private static volatile double[] halfScores = new double[0];

    /**
     * Normal scores of the ranks 1, 1.5, 2, ..., S: entry i is the score of rank 1 + i / 2. An
     * average rank among ties is always a whole or half number, so this table scores every
     * rank. Computed once per S (in parallel) and shared.
     */
    static double[] halfScores(int size) {
        double[] table = halfScores;
        if (table.length != 2 * size - 1) {
            synchronized (RankNormalization.class) {
                table = halfScores;
                if (table.length != 2 * size - 1) {
                    double[] fresh = new double[2 * size - 1];
                    java.util.stream.IntStream.range(0, fresh.length).parallel()
                            .forEach(i -> fresh[i] = score(1 + i / 2.0, size));
                    halfScores = fresh;
                    table = fresh;
                }
            }
        }
        return table;
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
