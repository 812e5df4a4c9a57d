package dev.langevin.engine;

/**
 * Runs a plan. Every engine produces the reference engine's noise bit for bit and its
 * trajectories within a stated tolerance (docs/DESIGN.md contract 4).
 */
public interface Engine {
    /** The name used by {@code --engine}. */
    String name();

    /**
     * Advances every chain of the plan through all its steps, handing kept draws to the sink.
     *
     * @param plan     the run
     * @param sink     receives kept draws in order
     * @param progress told after each launch
     */
    RunResult run(Plan plan, DrawSink sink, ProgressListener progress);

    /**
     * The kernel Stein discrepancy of n points (point i at {@code x[i * d ..]}) for a target, with
     * the paper's kernel: on the host's cores, unless the engine computes its pairs on its device.
     */
    default dev.langevin.diagnostics.Ksd ksd(dev.langevin.target.Target target, double[] x, int n) {
        return dev.langevin.diagnostics.Ksd.of(target, x, n);
    }
}
