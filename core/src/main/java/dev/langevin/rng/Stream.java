package dev.langevin.rng;

/**
 * The independent random streams of a run (docs/DESIGN.md contract 2). The stream is the most
 * significant counter word, so two streams never share a Philox block.
 */
public enum Stream {
    /** Gaussian noise of the Langevin update. */
    LANGEVIN_NOISE(0),
    /** Minibatch row indices. */
    MINIBATCH(1),
    /** Metropolis-Hastings acceptance uniforms. */
    METROPOLIS(2),
    /** Momentum refreshes. */
    MOMENTUM(3),
    /** Initial state draws. */
    INITIAL_STATE(4),
    /** Replica exchange: the rows of the minibatch energy estimates. */
    EXCHANGE_ROWS(5),
    /** Replica exchange: the uniforms of the swap decisions. */
    EXCHANGE(6);

    private final int id;

    Stream(int id) {
        this.id = id;
    }

    /** The stream's number, used as counter word 3. */
    public int id() {
        return id;
    }
}
