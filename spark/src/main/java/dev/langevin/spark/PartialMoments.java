package dev.langevin.spark;

import dev.langevin.io.NpyDraws;
import dev.langevin.target.Target;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Set;

/**
 * Per-parameter count, mean and sum of squared deviations (M2) of some chains' draws, merged
 * exactly as the formulas allow: within a chain by two passes, and chains and shards by the
 * parallel update of Chan, Golub and LeVeque (1979, "Updating formulae and a pairwise algorithm
 * for computing sample variances"): for parts a and b, n = n_a + n_b, delta = mean_b - mean_a,
 * mean = mean_a + delta n_b / n, M2 = M2_a + M2_b + delta^2 n_a n_b / n. The variance is M2 / (n - 1),
 * as R's var. Merged in chain order, the result depends only on the chains, not on how they were
 * cut into shards up to rounding (a relative 1e-12 or so; SparkRunTest states the bound it checks).
 *
 * @param count draws counted per parameter (the same for every parameter)
 * @param mean  mean per parameter
 * @param m2    sum of squared deviations from the mean per parameter
 */
public record PartialMoments(long count, double[] mean, double[] m2) implements Serializable {
    /** No draws of {@code dims} parameters. */
    static PartialMoments empty(int dims) {
        return new PartialMoments(0, new double[dims], new double[dims]);
    }

    /**
     * The moments of a shard file's chains, leaving out {@code excluded} (chain indices within the
     * shard), on the target's reported scale.
     */
    static PartialMoments ofShard(Path file, Set<Integer> excluded, Target target) throws IOException {
        try (NpyDraws shard = NpyDraws.open(file)) {
            int draws = shard.draws();
            int dims = shard.dims();
            boolean reported = target.transformsReports();
            PartialMoments total = empty(dims);
            double[][] values = new double[dims][draws];
            for (int c = 0; c < shard.chains(); c++) {
                if (excluded.contains(c) || draws == 0) {
                    continue;
                }
                shard.read(0, new int[] {c}, 0, 1, values);
                double[] mean = new double[dims];
                double[] m2 = new double[dims];
                for (int j = 0; j < dims; j++) {
                    double[] x = values[j];
                    if (reported) {
                        for (int t = 0; t < draws; t++) {
                            x[t] = target.reported(j, x[t]);
                        }
                    }
                    double sum = 0;
                    for (double v : x) {
                        sum += v;
                    }
                    double m = sum / draws;
                    double squares = 0;
                    for (double v : x) {
                        squares += (v - m) * (v - m);
                    }
                    mean[j] = m;
                    m2[j] = squares;
                }
                total = total.merge(new PartialMoments(draws, mean, m2));
            }
            return total;
        }
    }

    /** These draws and {@code other}'s, by Chan et al.'s update. */
    PartialMoments merge(PartialMoments other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            return other;
        }
        long n = count + other.count;
        double[] mergedMean = new double[mean.length];
        double[] mergedM2 = new double[mean.length];
        double weight = (double) other.count / n;
        double cross = (double) count * other.count / n;
        for (int j = 0; j < mean.length; j++) {
            double delta = other.mean[j] - mean[j];
            mergedMean[j] = mean[j] + delta * weight;
            mergedM2[j] = m2[j] + other.m2[j] + delta * delta * cross;
        }
        return new PartialMoments(n, mergedMean, mergedM2);
    }

    /** The sample standard deviation of parameter j (denominator n - 1). */
    double sd(int j) {
        return count > 1 ? Math.sqrt(m2[j] / (count - 1)) : Double.NaN;
    }
}
