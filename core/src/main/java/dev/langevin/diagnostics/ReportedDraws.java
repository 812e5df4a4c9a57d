package dev.langevin.diagnostics;

import java.io.IOException;

/**
 * Draws seen on the scale a target reports them: each value of parameter j passed through an
 * increasing transform of that coordinate (a scale sampled as log(tau) read as tau), as the
 * summary and the CmdStan CSV show it. The underlying draws are not changed.
 */
public final class ReportedDraws implements DrawSource {
    /** The value of coordinate j on the reported scale, from its sampled value. */
    @FunctionalInterface
    public interface Transform {
        double apply(int j, double value);
    }

    private final DrawSource draws;
    private final Transform transform;

    /**
     * @param draws     the sampled draws
     * @param transform coordinate j's transform
     */
    public ReportedDraws(DrawSource draws, Transform transform) {
        this.draws = draws;
        this.transform = transform;
    }

    @Override
    public int chains() {
        return draws.chains();
    }

    @Override
    public int draws() {
        return draws.draws();
    }

    @Override
    public int dims() {
        return draws.dims();
    }

    @Override
    public void read(int dim, int[] chainList, double[] out) throws IOException {
        draws.read(dim, chainList, out);
        for (int i = 0; i < out.length; i++) {
            out[i] = transform.apply(dim, out[i]);
        }
    }

    @Override
    public boolean readsInGroups() {
        return draws.readsInGroups();
    }

    @Override
    public boolean singlePrecision() {
        return draws.singlePrecision();
    }

    /** As the underlying float read, each value transformed in double and rounded to float. */
    @Override
    public void read(int firstDim, int[] chainList, int from, int to, float[][] out) throws IOException {
        draws.read(firstDim, chainList, from, to, out);
        int length = (to - from) * draws();
        for (int k = 0; k < out.length; k++) {
            float[] column = out[k];
            for (int i = from * draws(), end = from * draws() + length; i < end; i++) {
                column[i] = (float) transform.apply(firstDim + k, column[i]);
            }
        }
    }

    @Override
    public void read(int firstDim, int[] chainList, int from, int to, double[][] out) throws IOException {
        draws.read(firstDim, chainList, from, to, out);
        for (int k = 0; k < out.length; k++) {
            double[] column = out[k];
            for (int i = from * draws(), end = to * draws(); i < end; i++) {
                column[i] = transform.apply(firstDim + k, column[i]);
            }
        }
    }
}
