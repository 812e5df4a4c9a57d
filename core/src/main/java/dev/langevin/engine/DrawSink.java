package dev.langevin.engine;

/**
 * Receives kept draws as an engine produces them, one draw index at a time for all chains of
 * the plan, in the engine's state layout: coordinate j of chain c at {@code state[j * chains + c]}.
 */
public interface DrawSink {
    /**
     * @param draw   draw index, from 0, in increasing order
     * @param state  the chains' states, chain index fastest
     * @param chains number of chains C
     * @param dims   dimension d
     */
    void accept(int draw, float[] state, int chains, int dims);
}
