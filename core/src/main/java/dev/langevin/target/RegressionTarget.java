package dev.langevin.target;

import dev.langevin.data.Dataset;

/**
 * What regressions share: a linear predictor with an intercept,
 * eta_i = theta_0 + x_i . theta_{1..p}, and the Gaussian prior theta ~ N(0, tau^2 I).
 * Subclasses give the per-row likelihood term U_i as a function of eta_i.
 */
abstract class RegressionTarget implements DataTarget, BuiltInModel {
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
    public final double rowPotential(double[] theta, int row) {
        return rowPotential(linearPredictor(theta, row), data.labels()[row]);
    }

    @Override
    public final double priorPotential(double[] theta) {
        double squares = 0;
        for (int j = 0; j < dim(); j++) {
            squares += theta[j] * theta[j];
        }
        return squares / (2 * priorSd * priorSd);
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

    /** Noise precision of the Gaussian likelihood (1 where there is none). */
    abstract double noisePrecision();

    /** p = (d, prior precision, noise precision). */
    @Override
    public final float[] parameters() {
        return new float[] {dim(), (float) (1 / (priorSd * priorSd)), (float) noisePrecision()};
    }

    /** A row is (x_1, ..., x_p, y): the features then the label. */
    @Override
    public final int rowLength() {
        return data.columns() + 1;
    }

    @Override
    public final float[] data() {
        int columns = data.columns();
        int length = columns + 1;
        double[] x = data.features();
        float[] rows = new float[data.rows() * length];
        for (int i = 0; i < data.rows(); i++) {
            for (int c = 0; c < columns; c++) {
                rows[i * length + c] = (float) x[i * columns + c];
            }
            rows[i * length + columns] = (float) data.labels()[i];
        }
        return rows;
    }

    /** The Gaussian prior's U in float. */
    static float gaussianPrior(float[] theta, int t, int stride, float[] p) {
        int d = (int) p[0];
        float squares = 0f;
        for (int j = 0; j < d; j++) {
            float v = theta[t + j * stride];
            squares += v * v;
        }
        return 0.5f * p[1] * squares;
    }

    /** The Gaussian prior's gradient in float. */
    static void gaussianPriorGradient(float[] theta, int t, int stride, float[] p, float[] grad, int g) {
        int d = (int) p[0];
        for (int j = 0; j < d; j++) {
            grad[g + j * stride] = p[1] * theta[t + j * stride];
        }
    }

    /** The linear predictor theta_0 + x_i . theta_1..p of the row at x[r], in float. */
    static float predictor(float[] theta, int t, int stride, float[] p, float[] x, int r) {
        int columns = (int) p[0] - 1;
        float eta = theta[t];
        for (int c = 0; c < columns; c++) {
            eta += x[r + c] * theta[t + (c + 1) * stride];
        }
        return eta;
    }

    /** Adds slope (1, x_i) to the gradient. */
    static void addSlope(float[] x, int r, float slope, float[] grad, int g, int stride, int columns) {
        grad[g] += slope;
        for (int c = 0; c < columns; c++) {
            grad[g + (c + 1) * stride] += slope * x[r + c];
        }
    }
}
