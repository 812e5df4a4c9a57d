package dev.langevin.algorithm;

import dev.langevin.rng.Noise;
import dev.langevin.target.Target;

/** The exact gradient grad U(theta): all data rows, or the analytic gradient. */
public final class FullGradient implements GradientEstimator {
    @Override
    public void estimate(Target target, double[] theta, int chain, int step, Noise noise, double[] gradient) {
        target.potentialGradient(theta, gradient);
    }

    @Override
    public String describe() {
        return "full";
    }
}
