package dev.langevin.target;

import dev.langevin.data.Dataset;

/**
 * What regressions share: a linear predictor with an intercept,
 * eta_i = theta_0 + x_i . theta_{1..p}, and the Gaussian prior theta ~ N(0, tau^2 I).
 * Subclasses give the per-row likelihood term U_i as a function of eta_i.
 */
abstract class RegressionTarget implements DataTarget {
    /** Features and labels. */
    protected final Dataset data;
    private final double priorSd;

    RegressionTarget(Dataset data, double priorSd) {
        this.data = data;
        this.priorSd = priorSd;
    }

    /** U_i as a function of the linear predictor and the label. */
    /** The data set, features standardised when asked. */
    public final Dataset dataset() {
        return data;
    }

    /** The standard deviation of the Gaussian prior on every coefficient. */
    public final double priorSd() {
        return priorSd;
    }

    abstract double rowPotential(double eta, double label);

    /** dU_i / d eta_i. */
    abstract double rowSlope(double eta, double label);

    @Override
    public final int dim() {
        return data.columns() + 1;
    }

    @Override
    public final int rows() {
        return data.rows();
    }

    @Override
    public final double potential(double[] theta) {
        double squares = 0;
        for (int j = 0; j < dim(); j++) {
            squares += theta[j] * theta[j];
        }
        double u = squares / (2 * priorSd * priorSd);
        for (int i = 0; i < data.rows(); i++) {
            u += rowPotential(linearPredictor(theta, i), data.labels()[i]);
        }
        return u;
    }

    @Override
    public final void priorGradient(double[] theta, double[] gradient) {
        double precision = 1 / (priorSd * priorSd);
        for (int j = 0; j < dim(); j++) {
            gradient[j] = precision * theta[j];
        }
    }

    /** By the chain rule, grad U_i = (dU_i / d eta_i) (1, x_i). */
    @Override
    public final void addRowGradient(double[] theta, int row, double weight, double[] gradient) {
        double scale = weight * rowSlope(linearPredictor(theta, row), data.labels()[row]);
        int columns = data.columns();
        double[] x = data.features();
        int base = row * columns;
        gradient[0] += scale;
        for (int j = 0; j < columns; j++) {
            gradient[j + 1] += scale * x[base + j];
        }
    }

    private double linearPredictor(double[] theta, int row) {
        int columns = data.columns();
        double[] x = data.features();
        int base = row * columns;
        double eta = theta[0];
        for (int j = 0; j < columns; j++) {
            eta += x[base + j] * theta[j + 1];
        }
        return eta;
    }
}
