package dev.langevin.diagnostics;

/** Monte Carlo standard error of the mean: sd / sqrt(ESS of the split chains), as posterior's {@code mcse_mean}. */
public final class Mcse {
    private Mcse() {
    }

    /** sd(x) / sqrt(ess_mean(x)). */
    public static double mean(Chains x) {
        return Math.sqrt(Moments.variance(x.values())) / Math.sqrt(Ess.basic(x));
    }
}
