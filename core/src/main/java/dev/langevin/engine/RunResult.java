package dev.langevin.engine;

import java.util.List;

/**
 * What a run produced besides its draws.
 *
 * @param finalState  the chains' states after the last step, chain index fastest
 * @param divergences chains that became non-finite, in chain order
 * @param seconds     wall-clock seconds of the run
 * @param accepted    for Metropolis-Hastings rules (mala), each chain's accepted proposals in the
 *                    steps after burn-in; null for other rules
 * @param swaps       under replica exchange, the accepted swaps of each rung pair (r, r + 1); else null
 */
public record RunResult(float[] finalState, List<Divergence> divergences, double seconds, int[] accepted,
                        long[] swaps) {
    /** A result without swaps. */
    public RunResult(float[] finalState, List<Divergence> divergences, double seconds, int[] accepted) {
        this(finalState, divergences, seconds, accepted, null);
    }

    /** A result without acceptance counts. */
    public RunResult(float[] finalState, List<Divergence> divergences, double seconds) {
        this(finalState, divergences, seconds, null);
    }
}
