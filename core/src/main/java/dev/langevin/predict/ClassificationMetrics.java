package dev.langevin.predict;

/**
 * How well predicted class probabilities fit the labels of n rows.
 *
 * <ul>
 *   <li>accuracy: the share of rows whose most probable class (the first, on a tie) is the label;</li>
 *   <li>negative log-likelihood per row: -(1/n) sum_i log p_i(y_i), in nats;</li>
 *   <li>expected calibration error (Naeini, Cooper, Hauskrecht 2015; Guo, Pleiss, Sun, Weinberger 2017):
 *       the rows binned by their confidence max_k p_i(k) into {@value #BINS} equal-width bins
 *       ((b-1)/15, b/15], ECE = sum_b (n_b / n) |accuracy_b - mean confidence_b|.</li>
 * </ul>
 *
 * @param accuracy share of rows classified right
 * @param nll      negative log-likelihood per row
 * @param ece      expected calibration error
 * @param rows     number of rows n
 */
public record ClassificationMetrics(double accuracy, double nll, double ece, int rows) {
    /** Equal-width confidence bins of the ECE. */
    public static final int BINS = 15;

    /**
     * The metrics of probabilities {@code p[i * classes + k]} against labels {@code y[i]}.
     *
     * @param p       row-major n x classes probabilities, each row summing to 1
     * @param classes number of classes K
     * @param y       labels in 0 .. K-1
     */
    public static ClassificationMetrics of(double[] p, int classes, int[] y) {
        return of(p, classes, y, null);
    }

    /**
     * The same, with the NLL from {@code logLikelihood[i]} = log p_i(y_i) where given (computed in log space, so that
     * a probability that underflows a double still gives a finite NLL) rather than from p.
     */
    static ClassificationMetrics of(double[] p, int classes, int[] y, double[] logLikelihood) {
        int n = y.length;
        int right = 0;
        double nll = 0;
        int[] count = new int[BINS];
        double[] confidence = new double[BINS];
        int[] correct = new int[BINS];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[i * classes + k] > p[i * classes + best]) {
                    best = k;
                }
            }
            double top = p[i * classes + best];
            boolean hit = best == y[i];
            right += hit ? 1 : 0;
            nll -= logLikelihood != null ? logLikelihood[i] : Math.log(p[i * classes + y[i]]);
            int b = Math.min(BINS - 1, Math.max(0, (int) Math.ceil(top * BINS) - 1));
            count[b]++;
            confidence[b] += top;
            correct[b] += hit ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                ece += Math.abs(correct[b] - confidence[b]) / n;
            }
        }
        return new ClassificationMetrics((double) right / n, nll / n, ece, n);
    }
}
