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
}
