package dev.langevin.model;

import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.Target;

/**
 * Compares a target's gradient with central finite differences of its potential at random
 * points: the first check of a model written by hand. The difference quotient uses the step
 * {@code h = RELATIVE_STEP * max(1, |theta_j|)}, large enough that a potential computed in
 * float (a model's kernel methods) is not drowned in rounding, small enough that the
 * quotient's own error (of order h^2) stays far below a wrong gradient's.
 *
 * @param worst      the largest relative error, |gradient - quotient| / max(1, |quotient|)
 * @param point      the point (0-based) where it occurred
 * @param coordinate the coordinate where it occurred
 * @param gradient   the gradient's value there
 * @param quotient   the difference quotient there
 * @param points     points checked
 */
public record GradientCheck(double worst, int point, int coordinate, double gradient, double quotient, int points) {
    /** Step of the difference quotient relative to max(1, |theta_j|). */
    public static final double RELATIVE_STEP = 1e-3;
    /** Relative error below which a gradient is taken to match its potential. */
    public static final double TOLERANCE = 1e-2;

    /**
     * Checks {@code target} at {@code points} points drawn uniformly from [lo, hi]^d.
     *
     * @param seed seeds the points (stream 4, the initial state's)
     */
    public static GradientCheck of(Target target, int points, double lo, double hi, long seed) {
        int d = target.dim();
        Noise noise = new Noise(seed);
        double[] theta = new double[d];
        double[] gradient = new double[d];
        GradientCheck worst = new GradientCheck(0, 0, 0, 0, 0, points);
        for (int k = 0; k < points; k++) {
            for (int j = 0; j < d; j++) {
                theta[j] = lo + (hi - lo) * noise.uniform(k, 0, j, Stream.INITIAL_STATE);
            }
            target.potentialGradient(theta, gradient);
            for (int j = 0; j < d; j++) {
                double saved = theta[j];
                double h = RELATIVE_STEP * Math.max(1, Math.abs(saved));
                theta[j] = saved + h;
                double up = target.potential(theta);
                theta[j] = saved - h;
                double down = target.potential(theta);
                theta[j] = saved;
                double quotient = (up - down) / (2 * h);
                double error = Math.abs(gradient[j] - quotient) / Math.max(1, Math.abs(quotient));
                if (!(error <= worst.worst())) {
                    worst = new GradientCheck(Double.isNaN(error) ? Double.POSITIVE_INFINITY : error, k, j, gradient[j],
                            quotient, points);
                }
            }
        }
        return worst;
    }

    /** Whether the gradient matches its potential within {@link #TOLERANCE}. */
    public boolean passes() {
        return worst <= TOLERANCE;
    }
}
