package dev.langevin.algorithm;

import dev.langevin.rng.Noise;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Target;

/**
 * The gradient half of an algorithm: an estimate of grad U(theta) for one chain at one step.
 * Estimators that subsample data draw their row indices from noise stream 1.
 */
public interface GradientEstimator {
    /**
     * Writes the estimate into {@code gradient}.
     *
     * @param target   the target
     * @param theta    the chain's position
     * @param chain    global chain index
     * @param step     global step index
     * @param noise    the run's counter-based noise
     * @param gradient receives the estimate
     */
    void estimate(Target target, double[] theta, int chain, int step, Noise noise, double[] gradient);

    /**
     * Writes the estimate into {@code gradient} and, into {@code rowMean}, the mean per-datum
     * gradient of the rows it used, (1 / n) sum over them of grad U_i: the statistic whose square
     * pSGLD's preconditioner averages (Li, Chen, Carlson, Carin 2016, Algorithm 1), free of the
     * N / n scale and of the prior. A target without data rows has only its prior term, and
     * {@code rowMean} is then the whole gradient. Every estimate here is grad U_prior + N times
     * such a mean (over the minibatch, over all rows, or sgld-cv's corrected mean), so
     * {@code rowMean} is (estimate - grad U_prior) / N.
     */
    default void estimate(Target target, double[] theta, int chain, int step, Noise noise, double[] gradient,
                          double[] rowMean) {
        estimate(target, theta, chain, step, noise, gradient);
        if (target instanceof DataTarget data) {
            data.priorGradient(theta, rowMean);
            for (int j = 0; j < rowMean.length; j++) {
                rowMean[j] = (gradient[j] - rowMean[j]) / data.rows();
            }
        } else {
            System.arraycopy(gradient, 0, rowMean, 0, gradient.length);
        }
    }

    /** A one-line description for run.json and the terminal. */
    String describe();
}
