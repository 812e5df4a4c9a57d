package dev.langevin.algorithm;

/**
 * How one chain moves given a gradient estimate: the integrator half of an algorithm (the
 * other half is the {@link GradientEstimator}). Rules are stateless; per-chain state beyond
 * theta (momenta, moment estimates) lives in {@code auxiliary} vectors owned by the engine.
 */
public interface UpdateRule {
    /** The name used on the command line. */
    String name();

    /** The name with the rule's parameters, for run.json and the terminal. */
    default String describe() {
        return name();
    }

    /** Number of per-chain vectors of length d besides theta (Adam: 2). */
    default int auxiliaryVectors() {
        return 0;
    }

    /** Whether the rule injects noise (samplers) or not (optimisers). */
    boolean stochastic();

    /**
     * Whether step k is a sampling step, after which a draw may be kept. Every step is, except
     * in rules with exploration stages ({@link Csgld}).
     */
    default boolean sampling(long step) {
        return true;
    }

    /** The number of sampling steps among steps 0 .. step (0 when step is negative). */
    default long samplingSteps(long step) {
        return Math.max(0, step + 1);
    }

    /**
     * Advances theta by one step in place.
     *
     * @param theta       the chain's position, length d
     * @param auxiliary   the chain's auxiliary vectors
     * @param gradient    the estimate of grad U(theta)
     * @param step        the global step index k, from 0
     * @param stepSize    eta_k
     * @param temperature T_k
     * @param normals     the chain's noise at this step
     */
    void update(double[] theta, double[][] auxiliary, double[] gradient, long step, double stepSize,
                double temperature, Normals normals);
}
