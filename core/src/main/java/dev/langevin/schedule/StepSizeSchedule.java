package dev.langevin.schedule;

/**
 * The step size eta_k as a function of the step index k = 0, 1, 2, ... Evaluated on the
 * host only (docs/DESIGN.md contract 3): a launch receives the values for the steps it fuses.
 */
public interface StepSizeSchedule {
    /** eta_k for step index k (from 0). */
    double stepSize(long step);

    /** The schedule as it is written on the command line, for run.json. */
    String describe();

    /** Fills {@code out[i] = eta_{first + i}} for the steps of one launch. */
    default void fill(long first, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = stepSize(first + i);
        }
    }
}
