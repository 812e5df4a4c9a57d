package dev.langevin.engine;

import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.UpdateRule;
import dev.langevin.schedule.Constant;
import dev.langevin.schedule.StepSizeSchedule;
import dev.langevin.target.Target;

/** Builds plans tersely for tests. */
public final class Plans {
    private Plans() {
    }

    /** A plan with a full gradient, constant step size and uniform(-2, 2) starts. */
    public static Plan plan(Target target, UpdateRule rule, double stepSize, double temperature, int chains, int steps,
                            int burnIn, int thin, long seed) {
        return plan(target, new FullGradient(), rule, new Constant(stepSize), temperature, chains, steps, burnIn, thin,
                new InitialState.Uniform(-2, 2), seed);
    }

    /** A plan with everything given. */
    public static Plan plan(Target target, GradientEstimator estimator, UpdateRule rule, StepSizeSchedule stepSize,
                            double temperature, int chains, int steps, int burnIn, int thin, InitialState init, long seed) {
        return new Plan(target, estimator, rule, stepSize, temperature, chains, 0, steps, burnIn, thin, init, seed);
    }
}
