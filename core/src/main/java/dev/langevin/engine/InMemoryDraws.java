package dev.langevin.engine;

import dev.langevin.diagnostics.DrawSource;
import dev.langevin.error.ResourceLimitException;

/**
 * Draws held in memory in the layout of draws.npy: shape (chains, draws, dims), C order.
 */
public final class InMemoryDraws implements DrawSink, DrawSource {
    private final int chains;
    private final int draws;
    private final int dims;
    private final float[] values;

    /** Allocates room for chains x draws x dims floats. */
    public InMemoryDraws(int chains, int draws, int dims) {
        long size = (long) chains * draws * dims;
        if (size > Integer.MAX_VALUE - 8) {
            throw new ResourceLimitException(java.util.List.of("drawsFile", "thin", "chains", "steps"), "Chains x draws x dims = " + size
                    + " values do not fit in one array in memory.");
        }
        this.chains = chains;
        this.draws = draws;
        this.dims = dims;
        this.values = new float[(int) size];
    }

    @Override
    public void accept(int draw, float[] state, int chains, int dims) {
        for (int c = 0; c < chains; c++) {
            int base = (c * draws + draw) * dims;
            for (int j = 0; j < dims; j++) {
                values[base + j] = state[j * chains + c];
            }
        }
    }

    @Override
    public void read(int dim, int[] chainList, double[] out) {
        for (int i = 0; i < chainList.length; i++) {
            int base = chainList[i] * draws * dims + dim;
            for (int t = 0; t < draws; t++) {
                out[i * draws + t] = values[base + t * dims];
            }
        }
    }

    /** Draw {@code draw} of chain {@code chain}, coordinate {@code dim}. */
    public float get(int chain, int draw, int dim) {
        return values[(chain * draws + draw) * dims + dim];
    }

    /** The backing array, (chains, draws, dims) in C order. */
    public float[] values() {
        return values;
    }

    @Override
    public int chains() {
        return chains;
    }

    @Override
    public int draws() {
        return draws;
    }

    @Override
    public int dims() {
        return dims;
    }
}
