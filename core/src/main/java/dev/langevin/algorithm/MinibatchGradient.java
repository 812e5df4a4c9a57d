package dev.langevin.algorithm;

import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Target;

/**
 * grad U_hat = grad U_prior + (N / n) sum over a minibatch of n rows of grad U_i, the rows
 * drawn with replacement: row m of the batch is index (chain, step, m) of stream 1. In
 * shared mode every chain uses chain 0's batch at each step, which is cheaper on devices but
 * correlates the chains.
 */
public final class MinibatchGradient implements GradientEstimator {
    private final int batchSize;
    private final boolean shared;

    /**
     * @param batchSize rows per minibatch n
     * @param shared    whether all chains share one minibatch per step
     */
    public MinibatchGradient(int batchSize, boolean shared) {
        this.batchSize = batchSize;
        this.shared = shared;
    }

    /** Rows per minibatch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether all chains share one minibatch per step. */
    public boolean shared() {
        return shared;
    }

    @Override
    public void estimate(Target target, double[] theta, int chain, int step, Noise noise, double[] gradient) {
        DataTarget data = (DataTarget) target;
        int rows = data.rows();
        double weight = (double) rows / batchSize;
        int batchChain = shared ? 0 : chain;
        data.priorGradient(theta, gradient);
        for (int m = 0; m < batchSize; m++) {
            int row = noise.index(batchChain, step, m, Stream.MINIBATCH, rows);
            data.addRowGradient(theta, row, weight, gradient);
        }
    }

    @Override
    public String describe() {
        return "minibatch:" + batchSize + (shared ? ",shared" : ",per-chain");
    }
}
