package dev.langevin.target;

import dev.langevin.data.Dataset;

/** The pieces regressions share: the linear predictor with intercept, the Gaussian prior. */
final class Regressions {
    private Regressions() {
    }

    /** eta_i = theta_0 + sum_j x_ij theta_{j+1}. */
    static double linearPredictor(Dataset data, double[] theta, int row) {
        double eta = theta[0];
        int columns = data.columns();
        double[] x = data.features();
        int base = row * columns;
        for (int j = 0; j < columns; j++) {
            eta += x[base + j] * theta[j + 1];
        }
        return eta;
    }

    /** gradient += scale * (1, x_i). */
    static void addScaledRow(Dataset data, int row, double scale, double[] gradient) {
        gradient[0] += scale;
        int columns = data.columns();
        double[] x = data.features();
        int base = row * columns;
        for (int j = 0; j < columns; j++) {
            gradient[j + 1] += scale * x[base + j];
        }
    }

    static double priorPotential(double[] theta, int dim, double priorSd) {
        double u = 0;
        for (int j = 0; j < dim; j++) {
            u += theta[j] * theta[j];
        }
        return u / (2 * priorSd * priorSd);
    }

    static void priorGradient(double[] theta, int dim, double priorSd, double[] gradient) {
        double precision = 1 / (priorSd * priorSd);
        for (int j = 0; j < dim; j++) {
            gradient[j] = precision * theta[j];
        }
    }
}
