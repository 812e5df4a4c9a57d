package dev.langevin.algorithm;

import dev.langevin.rng.Noise;
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

    /** A one-line description for run.json and the terminal. */
    String describe();
}
