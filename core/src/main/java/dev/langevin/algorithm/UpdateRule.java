package dev.langevin.algorithm;

/**
 * How one chain moves given a gradient estimate: the integrator half of an algorithm (the
 * other half is the {@link GradientEstimator}). Rules are stateless; per-chain state beyond
 * theta (momenta, moment estimates) lives in {@code auxiliary} vectors owned by the engine.
 */
public interface UpdateRule {
    /**
     * A rule's per-chain state beyond theta and what its step needs, described once: the engines
     * allocate and carry the vectors, and give the step what it asks for.
     *
     * @param vectors    names of the per-chain vectors of length d (Adam: m and v)
     * @param scalars    names of the per-chain scalars (SGNHT: its thermostat)
     * @param rowMean    whether the step reads the mean per-datum gradient (pSGLD's preconditioner)
     * @param acceptTest whether the step is a proposal with a Metropolis-Hastings test, which
     *                   evaluates the target itself, needs its exact gradient and a temperature
     *                   above 0, and whose acceptances the engines count
     */
    record State(java.util.List<String> vectors, java.util.List<String> scalars, boolean rowMean,
                 boolean acceptTest) {
        /** No state beyond theta. */
        public static final State NONE = new State(java.util.List.of(), java.util.List.of(), false, false);
    }

    /** The name used on the command line. */
    String name();

    /** The name with the rule's parameters, for run.json and the terminal. */
    default String describe() {
        return name();
    }

    /** The rule's per-chain state and needs. */
    default State state() {
        return State.NONE;
    }

    /** Number of per-chain vectors of length d besides theta (Adam: 2). */
    default int auxiliaryVectors() {
        return state().vectors().size();
    }

    /** Number of per-chain scalars. */
    default int scalars() {
        return state().scalars().size();
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
     * Advances one chain by one step in place: the reference engine's definition of the rule,
     * computed in double.
     *
     * @return whether a proposal was accepted ({@link State#acceptTest}); true for the other rules
     */
    boolean step(ChainStep s);
}
