package dev.langevin.report;

/**
 * Counts of values in equal bins over [lo, hi]; values outside are left out and NaN is ignored.
 *
 * @param lo     left edge of the first bin
 * @param hi     right edge of the last bin
 * @param counts the count in each bin
 */
public record Histogram(double lo, double hi, double[] counts) {
    /** Bins the values; the right edge belongs to the last bin. */
    public static Histogram of(double[] values, int bins, double lo, double hi) {
        double[] counts = new double[bins];
        double width = (hi - lo) / bins;
        for (double v : values) {
            if (v >= lo && v <= hi) {
                counts[Math.min(bins - 1, (int) ((v - lo) / width))]++;
            }
        }
        return new Histogram(lo, hi, counts);
    }

    /** Width of one bin. */
    public double width() {
        return (hi - lo) / counts.length;
    }

    /** Left edge of bin {@code k}. */
    public double left(int k) {
        return lo + k * width();
    }
}
