package dev.langevin.engine;

import java.util.List;

/**
 * What a run produced besides its draws.
 *
 * @param finalState  the chains' states after the last step, chain index fastest
 * @param divergences chains that became non-finite, in chain order
 * @param seconds     wall-clock seconds of the run
 */
public record RunResult(float[] finalState, List<Divergence> divergences, double seconds) {
}
