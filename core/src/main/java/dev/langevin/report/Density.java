package dev.langevin.report;

import java.util.Arrays;

/**
 * A Gaussian kernel density estimate with Silverman's rule-of-thumb bandwidth
 * {@code 0.9 min(sd, IQR / 1.34) n^(-1/5)}, computed on a grid after linear binning
 * (as R's {@code density} does) so that a million draws cost no more than a thousand.
 *
 * @param x         grid points
 * @param y         density at each grid point
 * @param bandwidth the kernel's standard deviation
 * @param from      left end of the range worth showing: the central 99% of the values widened
 *                  by 10% on each side, within the grid, so a few far draws (an early transient,
 *                  a chain stuck far away) do not squash the body of the density into a spike
 * @param to        right end of that range
 */
public record Density(double[] x, double[] y, double bandwidth, double from, double to) {
    private static final int GRID = 512;
    private static final double CUT = 3;

    /** The estimate for the finite values among {@code values}; at least one must be finite. */
    public static Density of(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = v.length;
        if (n == 0) {
            throw new IllegalArgumentException("A density needs at least one finite value.");
        }
        double h = bandwidth(v);
        double lo = v[0] - CUT * h;
        double hi = v[n - 1] + CUT * h;
        double dx = (hi - lo) / (GRID - 1);
        double[] weights = new double[GRID];
        for (double value : v) {
            double pos = (value - lo) / dx;
            int k = Math.min(GRID - 2, (int) pos);
            double frac = pos - k;
            weights[k] += 1 - frac;
            weights[k + 1] += frac;
        }
        // the kernel is cut at 5 bandwidths, where it is below 4e-6 of its peak
        int reach = (int) Math.ceil(5 * h / dx);
        double[] kernel = new double[reach + 1];
        for (int k = 0; k <= reach; k++) {
            double z = k * dx / h;
            kernel[k] = Math.exp(-0.5 * z * z) / (h * Math.sqrt(2 * Math.PI) * n);
        }
        double[] x = new double[GRID];
        double[] y = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            x[g] = lo + g * dx;
            double sum = 0;
            for (int k = Math.max(0, g - reach); k <= Math.min(GRID - 1, g + reach); k++) {
                sum += weights[k] * kernel[Math.abs(g - k)];
            }
            y[g] = sum;
        }
        double q1 = quantile(v, 0.005);
        double q2 = quantile(v, 0.995);
        double pad = q2 > q1 ? 0.1 * (q2 - q1) : 3 * h;
        return new Density(x, y, h, Math.max(lo, q1 - pad), Math.min(hi, q2 + pad));
    }

    /** Silverman's bandwidth of sorted values; a small positive width when they are all equal. */
    static double bandwidth(double[] sorted) {
        int n = sorted.length;
        double mean = Arrays.stream(sorted).average().orElse(0);
        double ss = 0;
        for (double v : sorted) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double iqr = (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.34;
        double spread = iqr > 0 ? Math.min(sd, iqr) : sd;
        double h = 0.9 * spread * Math.pow(n, -0.2);
        return h > 0 ? h : 1e-3 * Math.max(1, Math.abs(mean));
    }

    /** R's type 7 quantile of sorted values. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int k = (int) Math.floor(pos);
        return k + 1 < sorted.length ? sorted[k] + (pos - k) * (sorted[k + 1] - sorted[k]) : sorted[k];
    }
}
