package dev.langevin.target;

import dev.langevin.data.Dataset;

/**
 * Bayesian linear regression with an intercept: y_i ~ N(eta_i, s^2), theta ~ N(0, tau^2 I).
 * U_i = (y_i - eta_i)^2 / (2 s^2).
 */
public final class LinearRegression extends RegressionTarget {
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
    public double noiseSd() {
        return noiseSd;
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
}
