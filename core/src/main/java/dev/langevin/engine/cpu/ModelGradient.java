package dev.langevin.engine.cpu;

import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.FullGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.model.Kernels;
import dev.langevin.model.ModelTarget;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.DataTarget;

import java.util.Arrays;

/**
 * Any {@link dev.langevin.model.Model} on the cpu engine: the model's own kernel methods,
 * called for each lane of the block in place (lane b's coordinate j is at {@code b + j * LANES},
 * the kernel subset's offset and stride), with {@link MinibatchGradient}'s batches drawn from
 * stream 1 as the reference draws them ({@link ControlVariateGradient}'s too, with each row's gradient at the
 * mode subtracted as the reference subtracts it). The scalar twin of the reference's
 * {@code ModelTarget}; the noise and the update stay vectorised in {@link Worker}.
 */
final class ModelGradient extends BlockGradient {
    private final Kernels kernels;
    private final float[] parameters;
    private final float[] data;
    private final int rows;
    private final int rowLength;
    private final int batchSize;
    private final boolean shared;
    private final float weight;
    private final Noise noise;
    private final float[] prior;
    /** sgld-cv: the mode estimate in every lane (stride LANES), and sum_i grad U_i there; else null. */
    private final float[] mode;
    private final float[] dataGradientAtMode;

    ModelGradient(ModelTarget target, GradientEstimator estimator, long seed) {
        this.kernels = target.kernels();
        this.parameters = target.parameters();
        this.rows = target instanceof DataTarget d ? d.rows() : 0;
        this.rowLength = target.model().rowLength();
        this.data = rows > 0 ? target.model().data() : new float[0];
        Batching batching = Batching.of(estimator, rows);
        this.batchSize = batching.batchSize();
        this.shared = batching.shared();
        this.weight = batching.weight();
        this.mode = batching.mode();
        this.dataGradientAtMode = batching.dataGradientAtMode();
        this.noise = new Noise(seed);
        this.prior = new float[target.dim() * LANES];
    }

    /** Whether the cpu engine runs this model with this estimator. */
    static boolean supports(ModelTarget target, GradientEstimator estimator) {
        return estimator instanceof FullGradient || (target instanceof DataTarget
                && (estimator instanceof MinibatchGradient || estimator instanceof ControlVariateGradient));
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int b = 0; b < LANES; b++) {
            kernels.priorGradient().apply(theta, b, LANES, parameters, gradient, b);
        }
        if (rows == 0) {
            return;
        }
        if (batchSize == 0) {
            for (int row = 0; row < rows; row++) {
                for (int b = 0; b < LANES; b++) {
                    kernels.rowGradient().apply(theta, b, LANES, parameters, data, row * rowLength, 1f, gradient, b);
                }
            }
            return;
        }
        if (mode != null) {
            // ControlVariateGradient: plus sum_i grad U_i at the mode, and each row's gradient there subtracted
            for (int j = 0; j < dataGradientAtMode.length; j++) {
                for (int b = 0; b < LANES; b++) {
                    gradient[j * LANES + b] += dataGradientAtMode[j];
                }
            }
        }
        for (int b = 0; b < LANES; b++) {
            int batchChain = shared ? 0 : chain0 + b;
            for (int m = 0; m < batchSize; m++) {
                int row = noise.index(batchChain, step, m, Stream.MINIBATCH, rows);
                kernels.rowGradient().apply(theta, b, LANES, parameters, data, row * rowLength, weight, gradient, b);
                if (mode != null) {
                    kernels.rowGradient().apply(mode, b, LANES, parameters, data, row * rowLength, -weight, gradient, b);
                }
            }
        }
    }

    @Override
    void rowMean(float[] theta, float[] gradient, float[] rowMean) {
        if (rows == 0) {
            super.rowMean(theta, gradient, rowMean);
            return;
        }
        Arrays.fill(prior, 0f);
        for (int b = 0; b < LANES; b++) {
            kernels.priorGradient().apply(theta, b, LANES, parameters, prior, b);
        }
        float inverse = 1f / rows;
        for (int i = 0; i < rowMean.length; i++) {
            rowMean[i] = (gradient[i] - prior[i]) * inverse;
        }
    }
}
