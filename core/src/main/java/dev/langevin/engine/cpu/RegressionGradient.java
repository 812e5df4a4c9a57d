package dev.langevin.engine.cpu;

import dev.langevin.algorithm.ControlVariateGradient;
import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.algorithm.MinibatchGradient;
import dev.langevin.data.Dataset;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.DataTarget;
import dev.langevin.target.LinearRegression;
import dev.langevin.target.LogisticRegression;

import jdk.incubator.vector.FloatVector;

/**
 * Twin of the regression targets' {@code priorGradient} and {@code addRowGradient} with
 * {@link dev.langevin.algorithm.MinibatchGradient}'s batches: theta / s0^2 plus (N / n) times
 * the sum over the batch of slope(eta_i, y_i) (1, x_i), eta_i = theta_0 + x_i . theta_1..p.
 * With {@link ControlVariateGradient} the sum at the mode is added and each row's slope at the
 * mode subtracted from its slope.
 * With per-chain batches every lane reads its own rows (gathered); with shared batches or the
 * full gradient all lanes read the same row (broadcast).
 */
final class RegressionGradient extends BlockGradient {
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    private final boolean logistic;
    private final float noisePrecision;
    private final float priorPrecision;
    private final float[] features;
    private final float[] labels;
    private final int rows;
    private final int columns;
    private final int batchSize;
    private final boolean shared;
    private final float weight;
    private final VectorNoise vectorNoise;
    private final Noise noise;
    private final int[] words = new int[4 * LANES];
    private final int[] rowIndex = new int[LANES];
    private final int[] rowOffset = new int[LANES];
    private final float[] gathered;
    private final float[] scratch = new float[LANES];
    private final VectorMath math = new VectorMath();
    /** With the control-variate gradient: sum_i grad U_i(theta^), and each row's slope at theta^; else null. */
    private final float[] modeOffset;
    private final float[] modeSlopes;

    private RegressionGradient(DataTarget target, Dataset data, boolean logistic,
                               GradientEstimator estimator, long seed) {
        this.logistic = logistic;
        // the model's parameters: (d, prior precision, noise precision)
        float[] p = ((dev.langevin.target.BuiltInModel) target).parameters();
        this.priorPrecision = p[1];
        this.noisePrecision = p[2];
        this.features = toFloats(data.features());
        this.labels = toFloats(data.labels());
        this.rows = data.rows();
        this.columns = data.columns();
        if (estimator instanceof MinibatchGradient minibatch) {
            this.batchSize = minibatch.batchSize();
            this.shared = minibatch.shared();
            this.weight = (float) ((double) rows / batchSize);
            this.modeOffset = null;
            this.modeSlopes = null;
        } else if (estimator instanceof ControlVariateGradient cv) {
            this.batchSize = cv.batchSize();
            this.shared = cv.shared();
            this.weight = (float) ((double) rows / batchSize);
            this.modeOffset = toFloats(cv.dataGradientAtMode());
            this.modeSlopes = toFloats(cv.interceptGradientsAtMode(target));
        } else {
            this.batchSize = 0;
            this.shared = false;
            this.weight = 1;
            this.modeOffset = null;
            this.modeSlopes = null;
        }
        this.vectorNoise = new VectorNoise(seed);
        this.noise = new Noise(seed);
        this.gathered = new float[columns * LANES];
    }

    static RegressionGradient linear(LinearRegression target, GradientEstimator estimator, long seed) {
        return new RegressionGradient(target, target.dataset(), false, estimator, seed);
    }

    static RegressionGradient logistic(LogisticRegression target, GradientEstimator estimator, long seed) {
        return new RegressionGradient(target, target.dataset(), true, estimator, seed);
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j <= columns; j++) {
            FloatVector prior = load(theta, j).mul(priorPrecision);
            (modeOffset == null ? prior : prior.add(modeOffset[j])).intoArray(gradient, j * LANES);
        }
        if (batchSize == 0) {
            for (int row = 0; row < rows; row++) {
                addSharedRow(theta, gradient, row);
            }
        } else if (shared) {
            for (int m = 0; m < batchSize; m++) {
                addSharedRow(theta, gradient, noise.index(0, step, m, Stream.MINIBATCH, rows));
            }
        } else {
            for (int quad = 0; quad * 4 < batchSize; quad++) {
                vectorNoise.bits(chain0, step, quad, Stream.MINIBATCH.id(), words);
                for (int lane = 0; lane < 4 && quad * 4 + lane < batchSize; lane++) {
                    for (int b = 0; b < LANES; b++) {
                        int row = Noise.toIndex(words[lane * LANES + b], rows);
                        rowIndex[b] = row;
                        rowOffset[b] = row * columns;
                    }
                    addGatheredRows(theta, gradient);
                }
            }
        }
    }

    /** (gradient - theta / s0^2) / N: the reference's (estimate - grad U_prior) / N. */
    @Override
    void rowMean(float[] theta, float[] gradient, float[] rowMean) {
        float rowsInverse = 1f / rows;
        for (int j = 0; j <= columns; j++) {
            load(theta, j).mul(-priorPrecision).add(load(gradient, j)).mul(rowsInverse).intoArray(rowMean, j * LANES);
        }
    }

    /** Every lane adds the same row. */
    private void addSharedRow(float[] theta, float[] gradient, int row) {
        int base = row * columns;
        FloatVector eta = load(theta, 0);
        for (int j = 0; j < columns; j++) {
            eta = load(theta, j + 1).fma(FloatVector.broadcast(FLOATS, features[base + j]), eta);
        }
        FloatVector slope = slope(eta, FloatVector.broadcast(FLOATS, labels[row]));
        slope = (modeSlopes == null ? slope : slope.sub(modeSlopes[row])).mul(weight);
        load(gradient, 0).add(slope).intoArray(gradient, 0);
        for (int j = 0; j < columns; j++) {
            slope.fma(FloatVector.broadcast(FLOATS, features[base + j]), load(gradient, j + 1)).intoArray(gradient, (j + 1) * LANES);
        }
    }

    /** Lane b adds row rowIndex[b]. */
    private void addGatheredRows(float[] theta, float[] gradient) {
        FloatVector eta = load(theta, 0);
        for (int j = 0; j < columns; j++) {
            FloatVector x = FloatVector.fromArray(FLOATS, features, j, rowOffset, 0);
            x.intoArray(gathered, j * LANES);
            eta = load(theta, j + 1).fma(x, eta);
        }
        FloatVector label = FloatVector.fromArray(FLOATS, labels, 0, rowIndex, 0);
        FloatVector slope = slope(eta, label);
        if (modeSlopes != null) {
            slope = slope.sub(FloatVector.fromArray(FLOATS, modeSlopes, 0, rowIndex, 0));
        }
        slope = slope.mul(weight);
        load(gradient, 0).add(slope).intoArray(gradient, 0);
        for (int j = 0; j < columns; j++) {
            load(gathered, j).fma(slope, load(gradient, j + 1)).intoArray(gradient, (j + 1) * LANES);
        }
    }

    /** dU_i / d eta: (eta - y) / sigma^2 for the linear model, sigmoid(eta) - y for the logistic. */
    private FloatVector slope(FloatVector eta, FloatVector label) {
        if (logistic) {
            eta.neg().intoArray(scratch, 0);
            math.exp(scratch, 0, scratch, 0);
            FloatVector sigmoid = ONE.div(load(scratch, 0).add(1f));
            return sigmoid.sub(label);
        }
        return eta.sub(label).mul(noisePrecision);
    }
}
