package dev.langevin.target;

import dev.langevin.model.Regressor;

import dev.langevin.data.Dataset;

/**
 * Bayesian linear regression with an intercept: y_i ~ N(eta_i, s^2), theta ~ N(0, tau^2 I).
 * U_i = (y_i - eta_i)^2 / (2 s^2).
 */
public final class LinearRegression extends RegressionTarget implements Regressor {
    private final double noiseSd;

    /**
     * @param data    features and labels
     * @param noiseSd observation noise standard deviation s
     * @param priorSd prior standard deviation tau of every coefficient
     */
    public LinearRegression(Dataset data, double noiseSd, double priorSd) {
        super(data, priorSd);
        this.noiseSd = noiseSd;
    }

    /** The standard deviation sigma of the Gaussian noise on the labels. */
    @Override
    public double noiseSd() {
        return noiseSd;
    }

    @Override
    public int features() {
        return data.columns();
    }

    /** eta = theta[0] + sum_j theta[j + 1] x_j, in double. */
    @Override
    public double predict(float[] theta, float[] x, int r) {
        int columns = data.columns();
        double eta = theta[0];
        for (int j = 0; j < columns; j++) {
            eta += (double) theta[j + 1] * x[r + j];
        }
        return eta;
    }

    @Override
    public String name() {
        return "linear-regression";
    }

    @Override
    double rowPotential(double eta, double label) {
        double residual = label - eta;
        return residual * residual / (2 * noiseSd * noiseSd);
    }

    @Override
    double rowSlope(double eta, double label) {
        return (eta - label) / (noiseSd * noiseSd);
    }

    @Override
    double noisePrecision() {
        return 1 / (noiseSd * noiseSd);
    }

    /** The Gaussian prior's U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        return gaussianPrior(theta, t, stride, p);
    }

    /** The Gaussian prior's gradient in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        gaussianPriorGradient(theta, t, stride, p, grad, g);
    }

    /** Row i's U_i = (y_i - eta_i)^2 / (2 sigma^2) in float. */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        int columns = (int) p[0] - 1;
        float residual = x[r + columns] - predictor(theta, t, stride, p, x, r);
        return 0.5f * p[2] * residual * residual;
    }

    /** Adds weight (eta_i - y_i) / sigma^2 (1, x_i). */
    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        int columns = (int) p[0] - 1;
        float slope = (predictor(theta, t, stride, p, x, r) - x[r + columns]) * p[2] * weight;
        addSlope(x, r, slope, grad, g, stride, columns);
    }
}
