package dev.langevin.predict;

/**
 * How well a regression's predictive distribution fits the labels of n rows: the root mean
 * squared error of its mean, and its negative log-likelihood per row in nats, where the
 * predictive of S draws is the mixture (1/S) sum_s N(y | f(x, theta_s), sigma^2).
 *
 * @param rmse root mean squared error of the predictive mean, in the labels' units
 * @param nll  negative log-likelihood per row
 * @param rows number of rows n
 */
public record RegressionMetrics(double rmse, double nll, int rows) {
    /**
     * The metrics of a predictive given per row its mean and log density at the label.
     *
     * @param mean       the predictive mean of each row
     * @param logDensity log p(y_i | x_i) under the predictive, each row
     * @param y          the labels
     */
    static RegressionMetrics of(double[] mean, double[] logDensity, double[] y) {
        int n = y.length;
        double squares = 0;
        double nll = 0;
        for (int i = 0; i < n; i++) {
            double e = mean[i] - y[i];
            squares += e * e;
            nll -= logDensity[i];
        }
        return new RegressionMetrics(Math.sqrt(squares / n), nll / n, n);
    }
}
