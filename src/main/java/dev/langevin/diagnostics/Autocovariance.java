package dev.langevin.diagnostics;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Autocovariance of one chain by FFT, as posterior's {@code autocovariance}: the centred chain
 * is zero-padded to twice its length (so the circular correlation is the linear one), and
 * lag t's value is (1/N) sum_i y_i y_{i+t}, so lag 0 is the variance with denominator N.
 * A constant chain has autocovariance 0 at every lag.
 */
public final class Autocovariance {
    private Autocovariance() {
    }

    /**
     * @param x    the draws, chain-major
     * @param from index of the chain's first draw
     * @param n    the chain's length
     * @return autocovariances at lags 0 .. n-1
     */
    public static double[] of(double[] x, int from, int n) {
        double[] acov = new double[n];
        boolean constant = true;
        for (int i = from + 1; i < from + n && constant; i++) {
            constant = x[i] == x[from];
        }
        if (constant) {
            return acov;
        }
        double mean = 0;
        for (int i = from; i < from + n; i++) {
            mean += x[i];
        }
        mean /= n;
        int padded = 2 * n;
        double[] y = new double[2 * padded];
        for (int i = 0; i < n; i++) {
            y[2 * i] = x[from + i] - mean;
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(padded);
        fft.complexForward(y);
        for (int k = 0; k < padded; k++) {
            double re = y[2 * k];
            double im = y[2 * k + 1];
            y[2 * k] = re * re + im * im;
            y[2 * k + 1] = 0;
        }
        fft.complexInverse(y, false);
        double zeroLag = y[0];
        double variance = 0;
        for (int i = from; i < from + n; i++) {
            variance += (x[i] - mean) * (x[i] - mean);
        }
        variance /= n;
        for (int t = 0; t < n; t++) {
            // normalising by lag 0 cancels the transform's scale, as posterior does
            acov[t] = y[2 * t] / zeroLag * variance;
        }
        return acov;
    }
}
