package dev.langevin.algorithm;

import dev.langevin.error.InvalidParameterException;
import dev.langevin.rng.Noise;
import dev.langevin.rng.Stream;
import dev.langevin.target.DataTarget;
import dev.langevin.target.Target;

import java.util.Locale;

/**
 * The control-variate gradient of SGLD-CV (Baker, Fearnhead, Fox, Nemeth 2019, "Control
 * variates for stochastic gradient MCMC", Statistics and Computing): with a mode estimate
 * theta^ and the full data gradient there computed once,
 * <pre>
 *   grad U_hat(theta) = grad U_prior(theta) + sum_i grad U_i(theta^)
 *                       + (N / n) sum over the minibatch of [grad U_i(theta) - grad U_i(theta^)],
 * </pre>
 * unbiased like the plain minibatch estimate, with a variance that vanishes as theta
 * approaches theta^. The rows are drawn as in {@link MinibatchGradient}. The mode is found
 * first by SGD with minibatches of the same size ({@link #find}), from theta = 0; its
 * minibatches come from stream 1 at chain index -1 (counter word 2^32 - 1), which no chain has.
 */
public final class ControlVariateGradient implements GradientEstimator {
    /** The chain index of the mode search's minibatch stream. */
    public static final int MODE_SEARCH_CHAIN = -1;
    /** SGD steps of the mode search when none are given. */
    public static final int DEFAULT_SEARCH_STEPS = 5000;

    private final int batchSize;
    private final boolean shared;
    private final double[] mode;
    private final double[] dataGradientAtMode;
    private final double modeGradientNorm;
    private final int searchSteps;

    private ControlVariateGradient(DataTarget target, int batchSize, boolean shared, double[] mode, int searchSteps) {
        this.batchSize = batchSize;
        this.shared = shared;
        this.mode = mode.clone();
        this.searchSteps = searchSteps;
        int d = mode.length;
        double[] full = new double[d];
        target.potentialGradient(mode, full);
        double[] prior = new double[d];
        target.priorGradient(mode, prior);
        this.dataGradientAtMode = new double[d];
        double squares = 0;
        for (int j = 0; j < d; j++) {
            dataGradientAtMode[j] = full[j] - prior[j];
            squares += full[j] * full[j];
        }
        this.modeGradientNorm = Math.sqrt(squares);
    }

    /** The estimator around a given mode estimate (tests use the exact mode). */
    public static ControlVariateGradient at(DataTarget target, int batchSize, boolean shared, double[] mode) {
        return new ControlVariateGradient(target, batchSize, shared, mode, 0);
    }

    /**
     * Finds the mode by SGD with minibatches of {@code batchSize} rows and a constant step size,
     * from theta = 0, then builds the estimator around it.
     *
     * @throws IllegalArgumentException when the search diverges, naming --mode-step-size
     */
    public static ControlVariateGradient find(DataTarget target, int batchSize, boolean shared, int searchSteps,
                                              double searchStepSize, long seed) {
        if (searchSteps < 1) {
            throw new InvalidParameterException("modeSteps", "The mode search's steps must be at least 1, got " + searchSteps + ".");
        }
        if (!(searchStepSize > 0) || Double.isInfinite(searchStepSize)) {
            throw new InvalidParameterException("modeStepSize", "The mode search's step size must be positive, got " + searchStepSize + ".");
        }
        Noise noise = new Noise(seed);
        MinibatchGradient minibatch = new MinibatchGradient(batchSize, false);
        int d = target.dim();
        double[] theta = new double[d];
        double[] gradient = new double[d];
        for (int step = 0; step < searchSteps; step++) {
            minibatch.estimate(target, theta, MODE_SEARCH_CHAIN, step, noise, gradient);
            boolean finite = true;
            for (int j = 0; j < d; j++) {
                theta[j] -= searchStepSize * gradient[j];
                finite &= Double.isFinite(theta[j]);
            }
            if (!finite) {
                throw new InvalidParameterException("modeStepSize", "The SGD search for the mode of sgld-cv diverged at step " + step
                        + " with step size " + searchStepSize + "; lower the mode search's step size.");
            }
        }
        return new ControlVariateGradient(target, batchSize, shared, theta, searchSteps);
    }

    /** The mode estimate theta^ (a copy). */
    public double[] mode() {
        return mode.clone();
    }

    /** |grad U(theta^)|, the full gradient's norm at the mode estimate: 0 at an exact mode. */
    public double modeGradientNorm() {
        return modeGradientNorm;
    }

    /** sum_i grad U_i(theta^) (a copy). */
    public double[] dataGradientAtMode() {
        return dataGradientAtMode.clone();
    }

    /**
     * Component 0 of grad U_i(theta^) for every row i. For the regressions, whose row
     * gradients are slope_i (1, x_i), this is slope_i at the mode, which is what the kernels
     * keep instead of the whole row gradients.
     */
    public double[] interceptGradientsAtMode(DataTarget target) {
        double[] out = new double[target.rows()];
        double[] row = new double[mode.length];
        for (int i = 0; i < out.length; i++) {
            java.util.Arrays.fill(row, 0);
            target.addRowGradient(mode, i, 1, row);
            out[i] = row[0];
        }
        return out;
    }

    /** Rows per minibatch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether all chains share one minibatch per step. */
    public boolean shared() {
        return shared;
    }

    /** SGD steps the mode search took (0 when the mode was given). */
    public int searchSteps() {
        return searchSteps;
    }

    @Override
    public void estimate(Target target, double[] theta, int chain, int step, Noise noise, double[] gradient) {
        DataTarget data = (DataTarget) target;
        int rows = data.rows();
        double weight = (double) rows / batchSize;
        int batchChain = shared ? 0 : chain;
        data.priorGradient(theta, gradient);
        for (int j = 0; j < gradient.length; j++) {
            gradient[j] += dataGradientAtMode[j];
        }
        for (int m = 0; m < batchSize; m++) {
            int row = noise.index(batchChain, step, m, Stream.MINIBATCH, rows);
            data.addRowGradient(theta, row, weight, gradient);
            data.addRowGradient(mode, row, -weight, gradient);
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "control-variate minibatch:%d,%s", batchSize, shared ? "shared" : "per-chain");
    }
}
