package dev.langevin.predict;

/**
 * The reliability diagram's data of predicted probabilities: the rows binned by their confidence
 * max_k p_i(k) into the {@value ClassificationMetrics#BINS} equal-width bins of the ECE, ((b-1)/B, b/B],
 * with the number of rows, their mean confidence and their accuracy in each bin. A calibrated
 * predictive has accuracy equal to confidence in every bin; ECE is the rows-weighted mean gap.
 *
 * @param count      rows per bin
 * @param confidence mean confidence of each bin's rows, NaN for an empty bin
 * @param accuracy   share of each bin's rows classified right, NaN for an empty bin
 */
public record Reliability(int[] count, double[] confidence, double[] accuracy) {
    /** The bins of probabilities {@code p[i * classes + k]} against labels {@code y[i]}, as ClassificationMetrics bins them. */
    public static Reliability of(double[] p, int classes, int[] y) {
        int bins = ClassificationMetrics.BINS;
        int[] count = new int[bins];
        double[] confidence = new double[bins];
        double[] accuracy = new double[bins];
        for (int i = 0; i < y.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[i * classes + k] > p[i * classes + best]) {
                    best = k;
                }
            }
            double top = p[i * classes + best];
            int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(top * bins) - 1));
            count[b]++;
            confidence[b] += top;
            accuracy[b] += best == y[i] ? 1 : 0;
        }
        for (int b = 0; b < bins; b++) {
            confidence[b] = count[b] == 0 ? Double.NaN : confidence[b] / count[b];
            accuracy[b] = count[b] == 0 ? Double.NaN : accuracy[b] / count[b];
        }
        return new Reliability(count, confidence, accuracy);
    }

    /** Lower edge of bin b. */
    public static double lower(int b) {
        return (double) b / ClassificationMetrics.BINS;
    }

    /** Upper edge of bin b. */
    public static double upper(int b) {
        return (double) (b + 1) / ClassificationMetrics.BINS;
    }
}
