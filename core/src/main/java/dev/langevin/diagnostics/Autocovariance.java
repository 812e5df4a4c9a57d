package dev.langevin.diagnostics;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Autocovariance of chains of one length by FFT, as posterior's {@code autocovariance}: the
 * centred chain is zero-padded to twice its length (so the circular correlation is the
 * linear one), and lag t's value is (1/N) sum_i y_i y_{i+t}, so lag 0 is the variance with
 * denominator N. A constant chain has autocovariance 0 at every lag. An instance keeps its FFT
 * plan and buffer for many chains of the same length; it is not thread-safe.
 */
public final class Autocovariance {
    private final int n;
    private final DoubleFFT_1D fft;
    private final double[] buffer;

    /** @param n the chains' length */
    public Autocovariance(int n) {
        this.n = n;
        this.fft = new DoubleFFT_1D(2L * n);
        this.buffer = new double[2 * n];
    }

    /**
     * A transform length for chains of length n: at least 2n, so that circular correlation is
     * linear, and with no prime factor above 5 (JTransforms' fast sizes).
     */
    static int paddedLength(int n) {
        int smooth = 2 * n;
        while (!smooth(smooth)) {
            smooth += 2;
        }
        int power = Integer.highestOneBit(2 * n - 1) << 1;
        // a power of two transforms fastest; take it unless it is much longer
        return power <= smooth * 5 / 4 ? power : smooth;
    }

    private static boolean smooth(int length) {
        int rest = length;
        for (int p : new int[] {2, 3, 5}) {
            while (rest % p == 0) {
                rest /= p;
            }
        }
        return rest == 1;
    }

    /**
     * Adds the autocovariances at lags 0 .. n-1 of the chain x[from .. from + n) to {@code sum}.
     */
    public void addTo(double[] x, int from, double[] sum) {
        boolean constant = true;
        for (int i = from + 1; i < from + n && constant; i++) {
            constant = x[i] == x[from];
        }
        if (constant) {
            return;
        }
        double mean = 0;
        for (int i = from; i < from + n; i++) {
            mean += x[i];
        }
        mean /= n;
        double variance = 0;
        for (int i = 0; i < n; i++) {
            double y = x[from + i] - mean;
            buffer[i] = y;
            variance += y * y;
        }
        variance /= n;
        java.util.Arrays.fill(buffer, n, 2 * n, 0.0);
        // real transform of length 2n, packed as (Re 0, Re n, Re 1, Im 1, ...); replace it by |F|^2
        fft.realForward(buffer);
        buffer[0] *= buffer[0];
        buffer[1] *= buffer[1];
        for (int k = 1; k < n; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            buffer[2 * k] = re * re + im * im;
            buffer[2 * k + 1] = 0;
        }
        fft.realInverse(buffer, false);
        // normalising by lag 0 cancels the transforms' scale, as posterior does
        double scale = variance / buffer[0];
        for (int t = 0; t < n; t++) {
            sum[t] += buffer[t] * scale;
        }
    }

    /** The autocovariances of one chain at lags 0 .. n-1. */
    public static double[] of(double[] x, int from, int n) {
        double[] acov = new double[n];
        new Autocovariance(n).addTo(x, from, acov);
        return acov;
    }
}
