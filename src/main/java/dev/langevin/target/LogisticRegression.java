package dev.langevin.target;

import dev.langevin.data.Dataset;

/**
 * Bayesian logistic regression with an intercept: y_i ~ Bernoulli(sigmoid(eta_i)),
 * eta_i = theta_0 + x_i . theta_{1..p}, theta ~ N(0, tau^2 I).
 * U_i = log(1 + exp(eta_i)) - y_i eta_i, whose gradient is (sigmoid(eta_i) - y_i) (1, x_i).
 */
public final class LogisticRegression implements DataTarget {
    private final Dataset data;
    private final double priorSd;

    /**
     * @param data    features and 0/1 labels
     * @param priorSd prior standard deviation tau of every coefficient
     */
    public LogisticRegression(Dataset data, double priorSd) {
        this.data = data;
        this.priorSd = priorSd;
    }

    @Override
    public String name() {
        return "logistic-regression";
    }

    @Override
    public int dim() {
        return data.columns() + 1;
    }

    @Override
    public int rows() {
        return data.rows();
    }

    @Override
    public double potential(double[] theta) {
        double u = Regressions.priorPotential(theta, dim(), priorSd);
        for (int i = 0; i < data.rows(); i++) {
            double eta = Regressions.linearPredictor(data, theta, i);
            u += softplus(eta) - data.labels()[i] * eta;
        }
        return u;
    }

    @Override
    public void priorGradient(double[] theta, double[] gradient) {
        Regressions.priorGradient(theta, dim(), priorSd, gradient);
    }

    @Override
    public void addRowGradient(double[] theta, int row, double weight, double[] gradient) {
        double eta = Regressions.linearPredictor(data, theta, row);
        Regressions.addScaledRow(data, row, weight * (sigmoid(eta) - data.labels()[row]), gradient);
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
}
