package dev.langevin.target;

import dev.langevin.data.Dataset;
import dev.langevin.error.InvalidParameterException;
import dev.langevin.model.Classifier;
import dev.langevin.model.Model;
import dev.langevin.model.Regressor;

import java.util.ArrayList;
import java.util.List;

/**
 * A Bayesian multilayer perceptron classifier: K classes from F features through hidden layers
 * of widths H_1 .. H_{L-1} (tanh or relu), softmax outputs, and the Gaussian prior
 * theta ~ N(0, tau^2 I) on every weight and bias. With no hidden layer it is multinomial
 * logistic (softmax) regression. Row i's term is the softmax cross-entropy
 * <pre>
 *   U_i = log sum_k exp(z_k) - z_{y_i},   z = W_L a_{L-1} + b_L,   a_l = act(W_l a_{l-1} + b_l),   a_0 = x_i
 * </pre>
 * or, for regression (a Gaussian likelihood with noise sd sigma, one output unit and real labels),
 * {@code U_i = (z - y_i)^2 / (2 sigma^2)}.
 * Written as a {@link Model} (the reference engine runs it in float through
 * {@link dev.langevin.model.ModelTarget}, like any model); {@code kernels/mlp.cl} is its OpenCL C twin.
 *
 * <p>theta holds layer by layer {@code W_l} (inputs x outputs, row-major: {@code Wl[i,j]} joins
 * input i to unit j) then {@code b_l}. The row methods keep the layers' outputs in one private
 * array of {@value #SCRATCH} floats, allocated with a constant length (TornadoVM makes that a
 * private array on the device): backpropagation needs every layer's activations, and the kernel
 * subset has no other per-chain scratch. So the hidden widths and K sum to at most
 * {@value #SCRATCH}.
 *
 * <p>Parameters p: (L, activation (0 tanh, 1 relu), 1 / tau^2, d, widths w_0 = F .. w_L = K,
 * the offset in theta of each layer's W_l, the offset in the scratch array of each layer's outputs,
 * then the likelihood: 0 for softmax, 1 / sigma^2 for the Gaussian).
 */
public final class Mlp implements Model, Classifier, Regressor {
    /** Floats of the row methods' private array: the hidden widths plus K. */
    public static final int SCRATCH = 512;
    /** Activation codes in p. */
    public static final int TANH = 0;
    public static final int RELU = 1;

    private static final int LAYERS = 0;
    private static final int ACTIVATION = 1;
    private static final int PRECISION = 2;
    private static final int DIM = 3;
    private static final int WIDTHS = 4;

    private final String name;
    private final int[] widths;
    private final int activation;
    private final double priorSd;
    private final double noiseSd;
    private final float[] p;
    private final float[] x;
    private final int rows;

    /**
     * @param name       the target's name (softmax-regression or mlp)
     * @param data       features and integer labels 0 .. classes-1
     * @param hidden     widths of the hidden layers, none for softmax regression
     * @param activation {@link #TANH} or {@link #RELU}
     * @param classes    number of classes K, at least 2
     * @param priorSd    prior standard deviation tau of every weight and bias
     */
    public Mlp(String name, Dataset data, int[] hidden, int activation, int classes, double priorSd) {
        this(name, data, hidden, activation, classes, priorSd, Double.NaN);
    }

    /**
     * A classifier as above when {@code noiseSd} is NaN; otherwise regression on real labels with
     * the Gaussian likelihood of noise sd {@code noiseSd} and one output unit ({@code classes} 1).
     */
    public Mlp(String name, Dataset data, int[] hidden, int activation, int classes, double priorSd, double noiseSd) {
        boolean regression = !Double.isNaN(noiseSd);
        InvalidParameterException.require(regression ? classes == 1 : classes >= 2, "model.classes", regression
                ? "A regression has one output, got " + classes + "." : "A classifier needs at least 2 classes, got "
                + classes + ".");
        InvalidParameterException.require(!regression || noiseSd > 0 && Double.isFinite(noiseSd), "model.noise-sd",
                "Parameter noise-sd must be positive, got " + noiseSd + ".");
        InvalidParameterException.require(activation == TANH || activation == RELU, "model.activation",
                "The activation must be tanh or relu.");
        InvalidParameterException.require(priorSd > 0 && Double.isFinite(priorSd), "priorSd",
                "The prior standard deviation must be positive, got " + priorSd + ".");
        int units = classes;
        for (int h : hidden) {
            InvalidParameterException.require(h >= 1, "model.hidden", "Every hidden layer needs at least 1 unit, got "
                    + h + ".");
            units += h;
        }
        InvalidParameterException.require(units <= SCRATCH, "model.hidden", "The hidden layers and the " + classes
                + (regression ? " output have " : " classes have ") + units + " units in all; the model holds at most "
                + SCRATCH + ".");
        this.name = name;
        this.widths = new int[hidden.length + 2];
        widths[0] = data.columns();
        System.arraycopy(hidden, 0, widths, 1, hidden.length);
        widths[widths.length - 1] = classes;
        this.activation = activation;
        this.priorSd = priorSd;
        this.noiseSd = noiseSd;
        this.rows = data.rows();
        int f = data.columns();
        this.x = new float[rows * (f + 1)];
        for (int i = 0; i < rows; i++) {
            double y = data.labels()[i];
            if (regression && !Double.isFinite(y)) {
                throw new InvalidParameterException("labelColumn", "Target " + name + " needs finite labels, but data row "
                        + (i + 1) + " has label " + y + ".");
            }
            if (!regression && !(y >= 0 && y < classes && y == Math.rint(y))) {
                throw new InvalidParameterException("labelColumn", "Target " + name + " needs class labels 0, 1, ..., "
                        + (classes - 1) + ", but data row " + (i + 1) + " has label " + y + ".");
            }
            for (int j = 0; j < f; j++) {
                x[i * (f + 1) + j] = (float) data.feature(i, j);
            }
            x[i * (f + 1) + f] = (float) y;
        }
        this.p = parameterArray(widths, activation, priorSd, noiseSd);
    }

    private static float[] parameterArray(int[] widths, int activation, double priorSd, double noiseSd) {
        int layers = widths.length - 1;
        float[] p = new float[WIDTHS + 3 * layers + 2];
        p[WIDTHS + 3 * layers + 1] = Double.isNaN(noiseSd) ? 0f : (float) (1 / (noiseSd * noiseSd));
        p[LAYERS] = layers;
        p[ACTIVATION] = activation;
        p[PRECISION] = (float) (1 / (priorSd * priorSd));
        int theta = 0;
        int scratch = 0;
        for (int l = 0; l <= layers; l++) {
            p[WIDTHS + l] = widths[l];
        }
        for (int l = 0; l < layers; l++) {
            p[WIDTHS + layers + 1 + l] = theta;
            p[WIDTHS + 2 * layers + 1 + l] = scratch;
            theta += widths[l] * widths[l + 1] + widths[l + 1];
            scratch += widths[l + 1];
        }
        p[DIM] = theta;
        return p;
    }

    /** The hidden widths plus K: the floats of one row's layer outputs. */
    public int units() {
        int units = 0;
        for (int l = 1; l < widths.length; l++) {
            units += widths[l];
        }
        return units;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dim() {
        return (int) p[DIM];
    }

    /** Layer widths: F, the hidden widths, K. */
    public int[] widths() {
        return widths.clone();
    }

    /** {@link #TANH} or {@link #RELU}. */
    public int activation() {
        return activation;
    }

    /** The prior standard deviation tau. */
    public double priorSd() {
        return priorSd;
    }

    /** Whether this is a regression (the Gaussian likelihood) rather than a classifier. */
    public boolean regression() {
        return !Double.isNaN(noiseSd);
    }

    /** The Gaussian likelihood's noise sd sigma of a regression; NaN for a classifier. */
    @Override
    public double noiseSd() {
        return noiseSd;
    }

    /** A regression's output z(x); for a classifier, the first logit. */
    @Override
    public double predict(float[] theta, float[] features, int r) {
        float[] s = new float[SCRATCH];
        forward(theta, 0, 1, p, features, r, s);
        return s[(int) p[WIDTHS + 3 * (int) p[LAYERS]]];
    }

    @Override
    public int classes() {
        return widths[widths.length - 1];
    }

    @Override
    public int features() {
        return widths[0];
    }

    /** {@code W[i,k]} and {@code b[k]} for softmax regression; {@code W1[i,j]}, {@code b1[j]}, ... with hidden layers. */
    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(dim());
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            String suffix = layers == 1 ? "" : Integer.toString(l + 1);
            for (int i = 0; i < widths[l]; i++) {
                for (int j = 0; j < widths[l + 1]; j++) {
                    names.add("W" + suffix + "[" + i + "," + j + "]");
                }
            }
            for (int j = 0; j < widths[l + 1]; j++) {
                names.add("b" + suffix + "[" + j + "]");
            }
        }
        return names;
    }

    @Override
    public float[] parameters() {
        return p.clone();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int rowLength() {
        return widths[0] + 1;
    }

    @Override
    public float[] data() {
        return x;
    }

    @Override
    public void probabilities(float[] theta, float[] features, int r, double[] out) {
        int k = centredLogits(theta, features, r, out);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            out[c] = Math.exp(out[c]);
            sum += out[c];
        }
        for (int c = 0; c < k; c++) {
            out[c] /= sum;
        }
    }

    /** log softmax(z), in double: z_k - max - log sum exp(z - max). */
    @Override
    public void logProbabilities(float[] theta, float[] features, int r, double[] out) {
        int k = centredLogits(theta, features, r, out);
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(out[c]);
        }
        double log = Math.log(sum);
        for (int c = 0; c < k; c++) {
            out[c] -= log;
        }
    }

    /** A row's logits less their largest, z_k - max z, in double into out[0 .. K); returns K. */
    private int centredLogits(float[] theta, float[] features, int r, double[] out) {
        float[] s = new float[SCRATCH];
        forward(theta, 0, 1, p, features, r, s);
        int z = (int) p[WIDTHS + 3 * (int) p[LAYERS]];
        int k = classes();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, s[z + c]);
        }
        for (int c = 0; c < k; c++) {
            out[c] = s[z + c] - max;
        }
        return k;
    }

    /** The Gaussian prior, |theta|^2 / (2 tau^2). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[DIM];
        float squares = 0f;
        for (int j = 0; j < d; j++) {
            float v = theta[t + j * stride];
            squares += v * v;
        }
        return 0.5f * p[PRECISION] * squares;
    }

    /** theta / tau^2. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[DIM];
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = p[PRECISION] * theta[t + j * stride];
        }
    }

    /** The cross-entropy of row i, log sum_k exp(z_k) - z_y; for regression (z - y)^2 / (2 sigma^2). */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        float[] s = new float[SCRATCH];
        forward(theta, t, stride, p, x, r, s);
        int layers = (int) p[LAYERS];
        int k = (int) p[WIDTHS + layers];
        int z = (int) p[WIDTHS + 3 * layers];
        float gaussian = p[WIDTHS + 3 * layers + 1];
        if (gaussian > 0f) {
            float residual = s[z] - x[r + (int) p[WIDTHS]];
            return 0.5f * gaussian * residual * residual;
        }
        int label = (int) x[r + (int) p[WIDTHS]];
        float max = s[z];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, s[z + c]);
        }
        float sum = 0f;
        for (int c = 0; c < k; c++) {
            sum += (float) Math.exp(s[z + c] - max);
        }
        return max + (float) Math.log(sum) - s[z + label];
    }

    /**
     * Adds weight times grad U_i by backpropagation: the output error softmax(z) - e_y (for
     * regression (z - y) / sigma^2), then layer by layer down, each layer's error written over its
     * activations in the scratch array.
     */
    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        float[] s = new float[SCRATCH];
        forward(theta, t, stride, p, x, r, s);
        int layers = (int) p[LAYERS];
        int k = (int) p[WIDTHS + layers];
        int z = (int) p[WIDTHS + 3 * layers];
        int activation = (int) p[ACTIVATION];
        float gaussian = p[WIDTHS + 3 * layers + 1];
        if (gaussian > 0f) {
            s[z] = weight * (gaussian * (s[z] - x[r + (int) p[WIDTHS]]));
        } else {
            int label = (int) x[r + (int) p[WIDTHS]];
            float max = s[z];
            for (int c = 1; c < k; c++) {
                max = Math.max(max, s[z + c]);
            }
            float sum = 0f;
            for (int c = 0; c < k; c++) {
                float e = (float) Math.exp(s[z + c] - max);
                s[z + c] = e;
                sum += e;
            }
            for (int c = 0; c < k; c++) {
                s[z + c] = weight * (s[z + c] / sum - (c == label ? 1f : 0f));
            }
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = (int) p[WIDTHS + l];
            int out = (int) p[WIDTHS + l + 1];
            int w = (int) p[WIDTHS + layers + 1 + l];
            int bias = w + in * out;
            int o = (int) p[WIDTHS + 2 * layers + 1 + l];
            int previous = l == 0 ? 0 : (int) p[WIDTHS + 2 * layers + l];
            for (int j = 0; j < out; j++) {
                grad[g + (bias + j) * stride] += s[o + j];
            }
            for (int i = 0; i < in; i++) {
                float a = l == 0 ? x[r + i] : s[previous + i];
                float back = 0f;
                int row = w + i * out;
                for (int j = 0; j < out; j++) {
                    float delta = s[o + j];
                    grad[g + (row + j) * stride] += a * delta;
                    back += theta[t + (row + j) * stride] * delta;
                }
                if (l > 0) {
                    float slope = activation == TANH ? 1f - a * a : a > 0f ? 1f : 0f;
                    s[previous + i] = back * slope;
                }
            }
        }
    }

    /** Every layer's outputs into s (the hidden layers' after the activation, the last layer's logits z). */
    static void forward(float[] theta, int t, int stride, float[] p, float[] x, int r, float[] s) {
        int layers = (int) p[LAYERS];
        int activation = (int) p[ACTIVATION];
        for (int l = 0; l < layers; l++) {
            int in = (int) p[WIDTHS + l];
            int out = (int) p[WIDTHS + l + 1];
            int w = (int) p[WIDTHS + layers + 1 + l];
            int bias = w + in * out;
            int o = (int) p[WIDTHS + 2 * layers + 1 + l];
            int previous = l == 0 ? 0 : (int) p[WIDTHS + 2 * layers + l];
            for (int j = 0; j < out; j++) {
                s[o + j] = theta[t + (bias + j) * stride];
            }
            for (int i = 0; i < in; i++) {
                float a = l == 0 ? x[r + i] : s[previous + i];
                int row = w + i * out;
                for (int j = 0; j < out; j++) {
                    s[o + j] += a * theta[t + (row + j) * stride];
                }
            }
            if (l < layers - 1) {
                for (int j = 0; j < out; j++) {
                    float v = s[o + j];
                    s[o + j] = activation == TANH ? (float) Math.tanh(v) : Math.max(v, 0f);
                }
            }
        }
    }
}
