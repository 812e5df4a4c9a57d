package dev.langevin.diagnostics;

import org.apache.commons.statistics.descriptive.Quantile;

/** Quantiles by R's default type 7 (posterior's {@code quantile2}), over all draws. */
public final class Quantiles {
    private static final Quantile TYPE_7 = Quantile.withDefaults().withCopy(true)
            .with(Quantile.EstimationMethod.HF7);

    private Quantiles() {
    }

    /** The quantiles of x at the given probabilities, all NaN when x holds a NaN (as quantile2); x is not modified. */
    public static double[] of(double[] x, double... probabilities) {
        for (double v : x) {
            if (v != v) {
                double[] na = new double[probabilities.length];
                java.util.Arrays.fill(na, Double.NaN);
                return na;
            }
        }
        return TYPE_7.evaluate(x, probabilities);
    }
}
