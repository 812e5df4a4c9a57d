package dev.langevin.target;

import dev.langevin.data.Dataset;


/**
 * Bayesian linear regression with an intercept: y_i ~ N(theta_0 + x_i . theta_{1..p}, s^2),
 * theta ~ N(0, tau^2 I). U_i = (y_i - eta_i)^2 / (2 s^2), U_prior = |theta|^2 / (2 tau^2).
 */
public final class LinearRegression implements DataTarget {
    private final Dataset data;
    private final double noiseSd;
    private final double priorSd;

    /**
     * @param data    features and labels
     * @param noiseSd observation noise standard deviation s
     * @param priorSd prior standard deviation tau of every coefficient
     */
    public LinearRegression(Dataset data, double noiseSd, double priorSd) {
        this.data = data;
        this.noiseSd = noiseSd;
        this.priorSd = priorSd;
    }

    @Override
    public String name() {
        return "linear-regression";
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
            double residual = data.labels()[i] - Regressions.linearPredictor(data, theta, i);
            u += residual * residual / (2 * noiseSd * noiseSd);
        }
        return u;
    }

    @Override
    public void priorGradient(double[] theta, double[] gradient) {
        Regressions.priorGradient(theta, dim(), priorSd, gradient);
    }

    @Override
    public void addRowGradient(double[] theta, int row, double weight, double[] gradient) {
        double residual = data.labels()[row] - Regressions.linearPredictor(data, theta, row);
        Regressions.addScaledRow(data, row, -weight * residual / (noiseSd * noiseSd), gradient);
    }

}
