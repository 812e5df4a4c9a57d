package dev.langevin.diagnostics;

import java.io.IOException;

/** Draws of shape (chains, draws, dims) that diagnostics read one parameter at a time. */
public interface DrawSource {
    /** Number of chains. */
    int chains();

    /** Draws per chain. */
    int draws();

    /** Number of parameters. */
    int dims();

    /**
     * Copies parameter {@code dim} of the listed chains into {@code out}, chain-major:
     * {@code out[i * draws() + t]} is draw t of chain {@code chainList[i]}.
     */
    void read(int dim, int[] chainList, double[] out) throws IOException;
}
