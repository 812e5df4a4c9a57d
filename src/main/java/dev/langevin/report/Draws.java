package dev.langevin.report;

import java.util.List;

/**
 * A run's kept draws as read from draws.npy: shape (chains, draws, dims), C order.
 *
 * @param values the floats in C order
 * @param chains number of chains
 * @param draws  draws per chain
 * @param dims   dimension
 */
public record Draws(float[] values, int chains, int draws, int dims) {
    /** Draw {@code t} of chain {@code c}, coordinate {@code j}. */
    public double get(int c, int t, int j) {
        return values[(c * draws + t) * dims + j];
    }

    /** All draws of coordinate {@code j} in one chain. */
    public double[] chain(int c, int j) {
        double[] out = new double[draws];
        for (int t = 0; t < draws; t++) {
            out[t] = get(c, t, j);
        }
        return out;
    }

    /** The draws of coordinate {@code j} of the given chains, chain after chain. */
    public double[] pooled(int j, List<Integer> chainList) {
        double[] out = new double[chainList.size() * draws];
        int n = 0;
        for (int c : chainList) {
            for (int t = 0; t < draws; t++) {
                out[n++] = get(c, t, j);
            }
        }
        return out;
    }

    /** Whether any draw of the chain is NaN or infinite. */
    public boolean hasNonFinite(int c) {
        int from = c * draws * dims;
        for (int i = from; i < from + draws * dims; i++) {
            if (!Float.isFinite(values[i])) {
                return true;
            }
        }
        return false;
    }
}
