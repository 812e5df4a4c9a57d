package dev.langevin.diagnostics;

/** Sample mean and variance (n - 1), as R's mean and var. */
final class Moments {
    private Moments() {
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** R's var: two-pass, denominator n - 1. */
    static double variance(double[] x) {
        double mean = mean(x);
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return squares / (x.length - 1);
    }

    /** Variance of values[from .. from + n), denominator n - 1. */
    static double variance(double[] x, int from, int n, double mean) {
        double squares = 0;
        for (int i = from; i < from + n; i++) {
            squares += (x[i] - mean) * (x[i] - mean);
        }
        return squares / (n - 1);
    }
}
