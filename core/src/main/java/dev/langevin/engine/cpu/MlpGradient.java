package dev.langevin.engine.cpu;

import dev.langevin.algorithm.GradientEstimator;
import dev.langevin.model.ModelTarget;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.Mlp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.util.Arrays;

/**
 * The {@link Mlp} classifier (and softmax regression, the MLP without hidden layers) on a block
 * of {@link #LANES} chains, vectorised across the chains: weight j of every lane is one vector at
 * {@code [j * LANES]}, so each layer's product over a minibatch is, for each chain, a matrix
 * product done lane by lane. The batch's rows go through in tiles of {@value #TILE} (each lane
 * its own rows, gathered), so that every weight and gradient vector is loaded once per tile, and
 * the loops are blocked for the registers:
 * <pre>
 *   forward:  z[r][j] = b[j] + sum_i a[r][i] W[i,j]           4 rows x 2 outputs of sums per pass over i
 *   backward: dW[i,j] += sum_r a[r][i] d[r][j],              the tile's 8 a[r][i] and 8 back[r][i]
 *             back[r][i] = sum_j W[i,j] d[r][j]              held while j runs
 * </pre>
 * It computes what {@link ModelGradient} computes with Mlp's kernel methods, and draws the
 * same rows from stream 1: the sums run in the same order (rows in batch order, inputs in
 * index order) but with fused multiply-adds, and tanh and exp are Cephes' float functions
 * ({@link VectorMath}) where the model rounds Math's double tanh and exp to float; so the two
 * agree to rounding.
 */
final class MlpGradient extends BlockGradient {
    /** Rows of the minibatch per pass over the weights. */
    static final int TILE = 8;
    private static final FloatVector ZERO = FloatVector.zero(FLOATS);
    private static final FloatVector ONE = FloatVector.broadcast(FLOATS, 1f);
    /** Cephes tanhf: above this |x| it uses 1 - 2 / (e^{2|x|} + 1), below it an odd polynomial. */
    private static final float TANH_SPLIT = 0.625f;

    private final int[] widths;
    private final int layers;
    private final boolean tanh;
    private final float precision;
    private final int dim;
    /** Offset (in coordinates) of each layer's W_l; its b_l follows at weightAt + in * out. */
    private final int[] weightAt;
    private final float[] data;
    private final int rows;
    private final int rowLength;
    private final int features;
    private final int batchSize;
    private final boolean shared;
    private final float weight;
    private final Noise noise;
    /** sgld-cv: the mode in every lane, and sum_i grad U_i there; else null. */
    private final float[] mode;
    private final float[] dataGradientAtMode;
    /** Each layer's outputs for a tile, [(r * width + u) * LANES + b]; overwritten by the errors going back. */
    private final float[][] activations;
    /** The rows of the current batch: lane b's m-th row at [m * LANES + b]. */
    private final int[] batch;
    private final int[] offsets = new int[LANES];
    private final float[] labels;
    /** 1 / sigma^2 for regression (the Gaussian likelihood), 0 for softmax. */
    private final float gaussian;
    private final float[] scratch = new float[LANES];
    private final VectorMath math = new VectorMath();

    MlpGradient(ModelTarget target, Mlp mlp, GradientEstimator estimator, long seed) {
        this.widths = mlp.widths();
        this.layers = widths.length - 1;
        this.tanh = mlp.activation() == Mlp.TANH;
        this.precision = (float) (1 / (mlp.priorSd() * mlp.priorSd()));
        this.gaussian = mlp.regression() ? (float) (1 / (mlp.noiseSd() * mlp.noiseSd())) : 0f;
        this.dim = mlp.dim();
        this.weightAt = new int[layers];
        int at = 0;
        for (int l = 0; l < layers; l++) {
            weightAt[l] = at;
            at += widths[l] * widths[l + 1] + widths[l + 1];
        }
        this.data = mlp.data();
        this.rows = mlp.rows();
        this.rowLength = mlp.rowLength();
        this.features = widths[0];
        Batching batching = Batching.of(estimator, rows);
        this.batchSize = batching.batchSize();
        this.shared = batching.shared();
        this.weight = batching.weight();
        this.mode = batching.mode();
        this.dataGradientAtMode = batching.dataGradientAtMode();
        this.noise = new Noise(seed);
        this.activations = new float[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            activations[l] = new float[TILE * widths[l] * LANES];
        }
        this.batch = new int[Math.max(batchSize, TILE) * LANES];
        this.labels = new float[TILE * LANES];
    }

    @Override
    void gradient(float[] theta, float[] gradient, int chain0, int step) {
        for (int j = 0; j < dim; j++) {
            FloatVector prior = load(theta, j).mul(precision);
            (mode == null ? prior : prior.add(dataGradientAtMode[j])).intoArray(gradient, j * LANES);
        }
        if (batchSize == 0) {
            for (int row = 0; row < rows; row += TILE) {
                int count = Math.min(TILE, rows - row);
                for (int r = 0; r < count; r++) {
                    Arrays.fill(batch, r * LANES, (r + 1) * LANES, row + r);
                }
                tile(theta, gradient, 0, count, 1f);
            }
            return;
        }
        for (int b = 0; b < LANES; b++) {
            int batchChain = shared ? 0 : chain0 + b;
            for (int m = 0; m < batchSize; m++) {
                batch[m * LANES + b] = noise.index(batchChain, step, m, Stream.MINIBATCH, rows);
            }
        }
        for (int m = 0; m < batchSize; m += TILE) {
            tile(theta, gradient, m, Math.min(TILE, batchSize - m), weight);
        }
        if (mode != null) {
            for (int m = 0; m < batchSize; m += TILE) {
                tile(mode, gradient, m, Math.min(TILE, batchSize - m), -weight);
            }
        }
    }

    /** (gradient - theta / tau^2) / N, as {@link ModelGradient#rowMean} computes it. */
    @Override
    void rowMean(float[] theta, float[] gradient, float[] rowMean) {
        float inverse = 1f / rows;
        for (int j = 0; j < dim; j++) {
            load(gradient, j).sub(load(theta, j).mul(precision)).mul(inverse).intoArray(rowMean, j * LANES);
        }
    }

    /**
     * Adds weight times the gradients of the batch's rows first .. first + count - 1 (count at
     * most {@link #TILE}; the missing rows of a short tile are zero inputs with zero weight).
     */
    private void tile(float[] theta, float[] gradient, int first, int count, float weight) {
        float[] input = activations[0];
        for (int r = 0; r < TILE; r++) {
            if (r >= count) {
                Arrays.fill(input, r * features * LANES, (r + 1) * features * LANES, 0f);
                Arrays.fill(labels, r * LANES, (r + 1) * LANES, 0f);
                continue;
            }
            for (int b = 0; b < LANES; b++) {
                offsets[b] = batch[(first + r) * LANES + b] * rowLength;
            }
            for (int i = 0; i < features; i++) {
                FloatVector.fromArray(FLOATS, data, i, offsets, 0).intoArray(input, (r * features + i) * LANES);
            }
            FloatVector.fromArray(FLOATS, data, features, offsets, 0).intoArray(labels, r * LANES);
        }
        for (int l = 0; l < layers; l++) {
            forward(theta, l);
            if (l < layers - 1) {
                activate(activations[l + 1]);
            }
        }
        softmaxError(count, weight);
        for (int l = layers - 1; l >= 0; l--) {
            backward(theta, gradient, l);
        }
    }

    /** z[r][j] = b[j] + sum_i a[r][i] W[i,j] for the tile's rows: layer l's outputs before the activation. */
    private void forward(float[] theta, int l) {
        for (int r = 0; r < TILE; r += 4) {
            forward(theta, l, r);
        }
    }

    /** {@link #forward(float[], int)} for rows r0 .. r0 + 3, two outputs at a time: 8 sums per 6 loads. */
    private void forward(float[] theta, int l, int r0) {
        int in = widths[l];
        int out = widths[l + 1];
        int w = weightAt[l];
        int bias = w + in * out;
        float[] a = activations[l];
        float[] z = activations[l + 1];
        int a0 = r0 * in * LANES;
        int a1 = a0 + in * LANES;
        int a2 = a1 + in * LANES;
        int a3 = a2 + in * LANES;
        int z0 = r0 * out * LANES;
        int z1 = out * LANES;
        int step = out * LANES;
        int j = 0;
        for (; j + 1 < out; j += 2) {
            FloatVector s0 = load(theta, bias + j);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            FloatVector t0 = load(theta, bias + j + 1);
            FloatVector t1 = t0;
            FloatVector t2 = t0;
            FloatVector t3 = t0;
            int at = (w + j) * LANES;
            for (int i = 0, x = 0; i < in; i++, at += step, x += LANES) {
                FloatVector u = FloatVector.fromArray(FLOATS, theta, at);
                FloatVector v = FloatVector.fromArray(FLOATS, theta, at + LANES);
                FloatVector c0 = FloatVector.fromArray(FLOATS, a, a0 + x);
                s0 = c0.fma(u, s0);
                t0 = c0.fma(v, t0);
                FloatVector c1 = FloatVector.fromArray(FLOATS, a, a1 + x);
                s1 = c1.fma(u, s1);
                t1 = c1.fma(v, t1);
                FloatVector c2 = FloatVector.fromArray(FLOATS, a, a2 + x);
                s2 = c2.fma(u, s2);
                t2 = c2.fma(v, t2);
                FloatVector c3 = FloatVector.fromArray(FLOATS, a, a3 + x);
                s3 = c3.fma(u, s3);
                t3 = c3.fma(v, t3);
            }
            int o = z0 + j * LANES;
            s0.intoArray(z, o);
            s1.intoArray(z, z1 + o);
            s2.intoArray(z, 2 * z1 + o);
            s3.intoArray(z, 3 * z1 + o);
            t0.intoArray(z, o + LANES);
            t1.intoArray(z, z1 + o + LANES);
            t2.intoArray(z, 2 * z1 + o + LANES);
            t3.intoArray(z, 3 * z1 + o + LANES);
        }
        for (; j < out; j++) {
            FloatVector s0 = load(theta, bias + j);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int at = (w + j) * LANES;
            for (int i = 0, x = 0; i < in; i++, at += step, x += LANES) {
                FloatVector u = FloatVector.fromArray(FLOATS, theta, at);
                s0 = FloatVector.fromArray(FLOATS, a, a0 + x).fma(u, s0);
                s1 = FloatVector.fromArray(FLOATS, a, a1 + x).fma(u, s1);
                s2 = FloatVector.fromArray(FLOATS, a, a2 + x).fma(u, s2);
                s3 = FloatVector.fromArray(FLOATS, a, a3 + x).fma(u, s3);
            }
            int o = z0 + j * LANES;
            s0.intoArray(z, o);
            s1.intoArray(z, z1 + o);
            s2.intoArray(z, 2 * z1 + o);
            s3.intoArray(z, 3 * z1 + o);
        }
    }

    /** The hidden activation in place: tanh or relu. */
    private void activate(float[] z) {
        for (int at = 0; at < z.length; at += LANES) {
            FloatVector v = FloatVector.fromArray(FLOATS, z, at);
            if (tanh) {
                tanh(v).intoArray(z, at);
            } else {
                v.max(0f).intoArray(z, at);
            }
        }
    }

    /**
     * Cephes' tanhf (S. L. Moshier): 1 - 2 / (e^{2|x|} + 1) with x's sign for |x| at least 0.625,
     * else x + x^3 P(x^2); within about 2 float ulps of tanh, as the model's (float) Math.tanh is
     * within half of one.
     */
    private FloatVector tanh(FloatVector x) {
        FloatVector z = x.abs();
        z.add(z).intoArray(scratch, 0);
        math.exp(scratch, 0, scratch, 0);
        FloatVector e = FloatVector.fromArray(FLOATS, scratch, 0);
        FloatVector large = ONE.sub(FloatVector.broadcast(FLOATS, 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector s = x.mul(x);
        FloatVector p = s.fma(-5.70498872745E-3f, 2.06390887954E-2f);
        p = p.fma(s, FloatVector.broadcast(FLOATS, -5.37397155531E-2f));
        p = p.fma(s, FloatVector.broadcast(FLOATS, 1.33314422036E-1f));
        p = p.fma(s, FloatVector.broadcast(FLOATS, -3.33332819422E-1f));
        FloatVector small = p.mul(s).fma(x, x);
        return small.blend(large, z.compare(VectorOperators.GE, TANH_SPLIT));
    }

    /**
     * The output layer's logits become weight (softmax(z) - e_y), for regression weight (z - y) / sigma^2;
     * the rows past count get zero.
     */
    private void softmaxError(int count, float weight) {
        int k = widths[layers];
        float[] z = activations[layers];
        if (gaussian > 0f) {
            for (int r = 0; r < TILE; r++) {
                int base = r * LANES;
                if (r >= count) {
                    Arrays.fill(z, base, base + LANES, 0f);
                    continue;
                }
                FloatVector.fromArray(FLOATS, z, base).sub(FloatVector.fromArray(FLOATS, labels, r * LANES))
                        .mul(gaussian).mul(weight).intoArray(z, base);
            }
            return;
        }
        for (int r = 0; r < TILE; r++) {
            int base = r * k * LANES;
            if (r >= count) {
                Arrays.fill(z, base, base + k * LANES, 0f);
                continue;
            }
            FloatVector max = FloatVector.fromArray(FLOATS, z, base);
            for (int c = 1; c < k; c++) {
                max = max.max(FloatVector.fromArray(FLOATS, z, base + c * LANES));
            }
            FloatVector sum = ZERO;
            for (int c = 0; c < k; c++) {
                int at = base + c * LANES;
                FloatVector.fromArray(FLOATS, z, at).sub(max).intoArray(z, at);
                math.exp(z, at, z, at);
                sum = sum.add(FloatVector.fromArray(FLOATS, z, at));
            }
            FloatVector label = FloatVector.fromArray(FLOATS, labels, r * LANES);
            for (int c = 0; c < k; c++) {
                int at = base + c * LANES;
                VectorMask<Float> isLabel = label.compare(VectorOperators.EQ, (float) c);
                FloatVector.fromArray(FLOATS, z, at).div(sum).sub(ONE, isLabel).mul(weight).intoArray(z, at);
            }
        }
    }

    /**
     * Layer l's gradients from its outputs' errors d (in activations[l + 1]): db[j] += sum_r d[r][j],
     * dW[i,j] += sum_r a[r][i] d[r][j]; below the first layer, a[r][i] becomes the error
     * (sum_j W[i,j] d[r][j]) act'(a[r][i]). The tile's eight a[r][i] and back[r][i] stay in registers
     * while j runs: per weight, eight d loads serve sixteen multiply-adds.
     */
    private void backward(float[] theta, float[] gradient, int l) {
        int in = widths[l];
        int out = widths[l + 1];
        int w = weightAt[l];
        int bias = w + in * out;
        float[] a = activations[l];
        float[] d = activations[l + 1];
        int a1 = in * LANES;
        int d1 = out * LANES;
        for (int j = 0; j < out; j++) {
            int o = j * LANES;
            int at = (bias + j) * LANES;
            FloatVector g = FloatVector.fromArray(FLOATS, gradient, at);
            for (int r = 0; r < TILE; r++) {
                g = g.add(FloatVector.fromArray(FLOATS, d, r * d1 + o));
            }
            g.intoArray(gradient, at);
        }
        for (int i = 0; i < in; i++) {
            int x = i * LANES;
            FloatVector x0 = FloatVector.fromArray(FLOATS, a, 0 * a1 + x);
            FloatVector x1 = FloatVector.fromArray(FLOATS, a, 1 * a1 + x);
            FloatVector x2 = FloatVector.fromArray(FLOATS, a, 2 * a1 + x);
            FloatVector x3 = FloatVector.fromArray(FLOATS, a, 3 * a1 + x);
            FloatVector x4 = FloatVector.fromArray(FLOATS, a, 4 * a1 + x);
            FloatVector x5 = FloatVector.fromArray(FLOATS, a, 5 * a1 + x);
            FloatVector x6 = FloatVector.fromArray(FLOATS, a, 6 * a1 + x);
            FloatVector x7 = FloatVector.fromArray(FLOATS, a, 7 * a1 + x);
            int row = (w + i * out) * LANES;
            if (l == 0) {
                for (int o = 0, end = out * LANES; o < end; o += LANES) {
                    int at = row + o;
                    FloatVector g = FloatVector.fromArray(FLOATS, gradient, at);
                    g = x0.fma(FloatVector.fromArray(FLOATS, d, 0 * d1 + o), g);
                    g = x1.fma(FloatVector.fromArray(FLOATS, d, 1 * d1 + o), g);
                    g = x2.fma(FloatVector.fromArray(FLOATS, d, 2 * d1 + o), g);
                    g = x3.fma(FloatVector.fromArray(FLOATS, d, 3 * d1 + o), g);
                    g = x4.fma(FloatVector.fromArray(FLOATS, d, 4 * d1 + o), g);
                    g = x5.fma(FloatVector.fromArray(FLOATS, d, 5 * d1 + o), g);
                    g = x6.fma(FloatVector.fromArray(FLOATS, d, 6 * d1 + o), g);
                    g = x7.fma(FloatVector.fromArray(FLOATS, d, 7 * d1 + o), g);
                    g.intoArray(gradient, at);
                }
                continue;
            }
            FloatVector back0 = ZERO;
            FloatVector back1 = ZERO;
            FloatVector back2 = ZERO;
            FloatVector back3 = ZERO;
            FloatVector back4 = ZERO;
            FloatVector back5 = ZERO;
            FloatVector back6 = ZERO;
            FloatVector back7 = ZERO;
            for (int o = 0, end = out * LANES; o < end; o += LANES) {
                int at = row + o;
                FloatVector weight = FloatVector.fromArray(FLOATS, theta, at);
                FloatVector g = FloatVector.fromArray(FLOATS, gradient, at);
                FloatVector e;
                e = FloatVector.fromArray(FLOATS, d, 0 * d1 + o);
                g = x0.fma(e, g);
                back0 = weight.fma(e, back0);
                e = FloatVector.fromArray(FLOATS, d, 1 * d1 + o);
                g = x1.fma(e, g);
                back1 = weight.fma(e, back1);
                e = FloatVector.fromArray(FLOATS, d, 2 * d1 + o);
                g = x2.fma(e, g);
                back2 = weight.fma(e, back2);
                e = FloatVector.fromArray(FLOATS, d, 3 * d1 + o);
                g = x3.fma(e, g);
                back3 = weight.fma(e, back3);
                e = FloatVector.fromArray(FLOATS, d, 4 * d1 + o);
                g = x4.fma(e, g);
                back4 = weight.fma(e, back4);
                e = FloatVector.fromArray(FLOATS, d, 5 * d1 + o);
                g = x5.fma(e, g);
                back5 = weight.fma(e, back5);
                e = FloatVector.fromArray(FLOATS, d, 6 * d1 + o);
                g = x6.fma(e, g);
                back6 = weight.fma(e, back6);
                e = FloatVector.fromArray(FLOATS, d, 7 * d1 + o);
                g = x7.fma(e, g);
                back7 = weight.fma(e, back7);
                g.intoArray(gradient, at);
            }
            back0.mul(slope(x0)).intoArray(a, 0 * a1 + x);
            back1.mul(slope(x1)).intoArray(a, 1 * a1 + x);
            back2.mul(slope(x2)).intoArray(a, 2 * a1 + x);
            back3.mul(slope(x3)).intoArray(a, 3 * a1 + x);
            back4.mul(slope(x4)).intoArray(a, 4 * a1 + x);
            back5.mul(slope(x5)).intoArray(a, 5 * a1 + x);
            back6.mul(slope(x6)).intoArray(a, 6 * a1 + x);
            back7.mul(slope(x7)).intoArray(a, 7 * a1 + x);
        }
    }

    /** act'(pre-activation) from the activation a: 1 - a^2 for tanh, 1 where a > 0 for relu. */
    private FloatVector slope(FloatVector a) {
        if (tanh) {
            return ONE.sub(a.mul(a));
        }
        return ZERO.blend(ONE, a.compare(VectorOperators.GT, 0f));
    }
}
