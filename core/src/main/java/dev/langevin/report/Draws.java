package dev.langevin.report;

import dev.langevin.diagnostics.DrawSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A run's kept draws, (chains, draws, dims), read on demand from a draw source (draws.npy
 * memory-mapped), so that reports work for runs larger than memory.
 *
 * @param source where the draws are read from
 */
public record Draws(DrawSource source) {
    /** Number of chains. */
    public int chains() {
        return source.chains();
    }

    /** Draws per chain. */
    public int draws() {
        return source.draws();
    }

    /** Dimension. */
    public int dims() {
        return source.dims();
    }

    /** All draws of coordinate {@code j} in one chain. */
    public double[] chain(int c, int j) {
        return read(j, new int[] {c});
    }

    /** The draws of coordinate {@code j} of the given chains, chain after chain. */
    public double[] pooled(int j, List<Integer> chainList) {
        return read(j, chainList.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Whether any draw of the chain is NaN or infinite. */
    public boolean hasNonFinite(int c) {
        for (int j = 0; j < dims(); j++) {
            for (double v : chain(c, j)) {
                if (!Double.isFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private double[] read(int j, int[] chainList) {
        double[] out = new double[chainList.length * draws()];
        try {
            source.read(j, chainList, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
