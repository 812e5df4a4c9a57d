package dev.langevin.diagnostics;

import java.io.IOException;

/** Draws of shape (chains, draws, dims) that diagnostics read one parameter, or a group of them, at a time. */
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

    /**
     * Whether reading a group of parameters in one pass costs about as much as reading one, as
     * for a file of (chains, draws, dims) records; then diagnostics read parameters in groups.
     */
    default boolean readsInGroups() {
        return false;
    }

    /** Whether every value is a float32, so that a group can be held as floats. */
    default boolean singlePrecision() {
        return false;
    }

    /**
     * Copies parameters {@code firstDim .. firstDim + out.length - 1} of the chains
     * {@code chainList[from .. to)} into {@code out[k][i * draws() + t]}; one pass over those
     * chains' records. Only for a {@link #singlePrecision} source.
     */
    default void read(int firstDim, int[] chainList, int from, int to, float[][] out) throws IOException {
        throw new UnsupportedOperationException("not a float32 source");
    }

    /** As the float version, for any source. */
    default void read(int firstDim, int[] chainList, int from, int to, double[][] out) throws IOException {
        int[] part = java.util.Arrays.copyOfRange(chainList, from, to);
        double[] buffer = new double[part.length * draws()];
        for (int k = 0; k < out.length; k++) {
            read(firstDim + k, part, buffer);
            System.arraycopy(buffer, 0, out[k], from * draws(), buffer.length);
        }
    }
}
