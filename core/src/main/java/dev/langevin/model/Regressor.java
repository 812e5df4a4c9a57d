package dev.langevin.model;

/**
 * A model whose rows are (features, real label) with the Gaussian likelihood
 * y ~ N(f(x, theta), sigma^2): what held-out evaluation of a regression
 * ({@link dev.langevin.predict.RegressionHeldOut}) needs to average predictions over draws.
 */
public interface Regressor {
    /** Number of feature columns of a row (the label follows them). */
    int features();

    /** The likelihood's noise sd sigma. */
    double noiseSd();

    /**
     * The mean f(x, theta) of the label given the features.
     *
     * @param theta one parameter vector, coordinate j at {@code theta[j]}
     * @param x     features, starting at {@code x[r]}
     * @param r     offset of the first feature
     */
    double predict(float[] theta, float[] x, int r);
}
