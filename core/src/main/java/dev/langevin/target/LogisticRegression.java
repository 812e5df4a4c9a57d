package dev.langevin.target;

import dev.langevin.data.Dataset;

/**
 * Bayesian logistic regression with an intercept: y_i ~ Bernoulli(sigmoid(eta_i)),
 * theta ~ N(0, tau^2 I). U_i = log(1 + exp(eta_i)) - y_i eta_i, whose slope in eta_i is
 * sigmoid(eta_i) - y_i.
 */
public final class LogisticRegression extends RegressionTarget {

    /**
     * @param data    features and 0/1 labels
     * @param priorSd prior standard deviation tau of every coefficient
     */
    public LogisticRegression(Dataset data, double priorSd) {
        super(data, priorSd);
    }

    @Override
    public String name() {
        return "logistic-regression";
    }

    @Override
    double rowPotential(double eta, double label) {
        return softplus(eta) - label * eta;
    }

    @Override
    double rowSlope(double eta, double label) {
        return sigmoid(eta) - label;
    }

    /** log(1 + exp(x)) without overflow. */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** 1 / (1 + exp(-x)) without overflow. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    @Override
    double noisePrecision() {
        return 1;
    }

    /** The Gaussian prior's U in float, the kernel subset's (see {@link BuiltInModel}). */
    public static float priorPotential(float[] theta, int t, int stride, float[] p) {
        return gaussianPrior(theta, t, stride, p);
    }

    /** The Gaussian prior's gradient in float. */
    public static void priorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        gaussianPriorGradient(theta, t, stride, p, grad, g);
    }

    /** Row i's U_i = softplus(eta_i) - y_i eta_i in float. */
    public static float rowPotential(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        int columns = (int) p[0] - 1;
        float eta = predictor(theta, t, stride, p, x, r);
        float softplus = Math.max(eta, 0f) + (float) Math.log1p(Math.exp(-Math.abs(eta)));
        return softplus - x[r + columns] * eta;
    }

    /** Adds weight (sigmoid(eta_i) - y_i) (1, x_i). */
    public static void addRowGradient(float[] theta, int t, int stride, float[] p, float[] x, int r, float weight,
                                      float[] grad, int g) {
        int columns = (int) p[0] - 1;
        float eta = predictor(theta, t, stride, p, x, r);
        float sigmoid = eta >= 0f ? 1f / (1f + (float) Math.exp(-eta)) : 1f - 1f / (1f + (float) Math.exp(eta));
        addSlope(x, r, (sigmoid - x[r + columns]) * weight, grad, g, stride, columns);
    }
}
