package dev.langevin.engine.cpu;

import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;

import java.util.Arrays;

import static dev.langevin.engine.cpu.VectorNoise.LANES;

/**
 * How a model's gradient on the cpu engine takes its data rows, read once from the plan's
 * estimator: minibatches (per chain or shared) with their N / n weight, and for
 * {@link ControlVariateGradient} the mode in every lane (stride LANES) and sum_i grad U_i there.
 *
 * @param batchSize          rows per minibatch, 0 for the full gradient
 * @param shared             whether all chains share one minibatch per step
 * @param weight             N / n, or 1 for the full gradient
 * @param mode               sgld-cv's mode in every lane, or null
 * @param dataGradientAtMode sgld-cv's sum of the rows' gradients at the mode, or null
 */
record Batching(int batchSize, boolean shared, float weight, float[] mode, float[] dataGradientAtMode) {
    static Batching of(GradientEstimator estimator, int rows) {
        if (estimator instanceof MinibatchGradient minibatch) {
            return new Batching(minibatch.batchSize(), minibatch.shared(),
                    (float) ((double) rows / minibatch.batchSize()), null, null);
        }
        if (estimator instanceof ControlVariateGradient cv) {
            double[] m = cv.mode();
            double[] sum = cv.dataGradientAtMode();
            float[] lanes = new float[m.length * LANES];
            float[] atMode = new float[m.length];
            for (int j = 0; j < m.length; j++) {
                Arrays.fill(lanes, j * LANES, (j + 1) * LANES, (float) m[j]);
                atMode[j] = (float) sum[j];
            }
            return new Batching(cv.batchSize(), cv.shared(), (float) ((double) rows / cv.batchSize()), lanes, atMode);
        }
        return new Batching(0, false, 1f, null, null);
    }
}
