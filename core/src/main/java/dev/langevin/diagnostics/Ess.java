package dev.langevin.diagnostics;

/**
 * Effective sample size, following posterior's {@code R/convergence.R} step for step
 * (Vehtari et al. 2021, after Geyer 1992, "Practical Markov chain Monte Carlo", Statistical
 * Science 7(4)): autocorrelations from the chains' FFT autocovariances, combined over chains,
 * summed in pairs until a pair turns negative (Geyer's initial positive sequence), made
 * monotone (initial monotone sequence), and the ESS capped at S log10(S).
 */
public final class Ess {
    private Ess() {
    }

    /** Bulk-ESS: {@link #basic} of the rank-normalised split chains. */
    public static double bulk(Chains x) {
        if (x.hasNaN()) {
            return Double.NaN; // posterior's ranks keep NA, and .ess returns NA for them
        }
        return ess(RankNormalization.zScale(x.split()));
    }

    /** Tail-ESS: the smaller of the ESS of the 5% and 95% quantile indicators. */
    public static double tail(Chains x) {
        return Math.min(quantile(x, 0.05), quantile(x, 0.95));
    }

    /** ESS of the indicator I(x <= q_p) on split chains (posterior's {@code ess_quantile}). */
    public static double quantile(Chains x, double probability) {
        if (x.degenerate()) {
            return Double.NaN;
        }
        double p = probability == 1 ? (x.values().length - 0.5) / x.values().length : probability;
        double q = Quantiles.of(x.values(), p)[0];
        double[] indicator = new double[x.values().length];
        for (int i = 0; i < indicator.length; i++) {
            indicator[i] = x.values()[i] <= q ? 1 : 0;
        }
        return ess(x.with(indicator).split());
    }

    /** ESS of the split chains, as for the mean (posterior's {@code ess_basic} and {@code ess_mean}). */
    public static double basic(Chains x) {
        return ess(x.split());
    }

    /** posterior's {@code .ess} on chains as given (no splitting). */
    public static double ess(Chains x) {
        int chains = x.chains();
        int n = x.draws();
        if (n < 3 || x.degenerate()) {
            return Double.NaN;
        }
        double[] acovMeans = new double[n];
        double[] chainMeans = new double[chains];
        Autocovariance autocovariance = new Autocovariance(n);
        for (int c = 0; c < chains; c++) {
            autocovariance.addTo(x.values(), c * n, acovMeans);
            chainMeans[c] = x.chainMean(c);
        }
        for (int t = 0; t < n; t++) {
            acovMeans[t] /= chains;
        }
        return fromAutocovariance(acovMeans, chainMeans, chains, n);
    }

    /**
     * The ESS from the chains' mean autocovariance at lags 0 .. n-1 and their means: Geyer's
     * initial positive and monotone sequences, as posterior's {@code .ess} after its FFT step.
     */
    static double fromAutocovariance(double[] acovMeans, double[] chainMeans, int chains, int n) {
        double meanVar = acovMeans[0] * n / (n - 1);
        double varPlus = meanVar * (n - 1) / n;
        if (chains > 1) {
            varPlus += Moments.variance(chainMeans);
        }
        // rho[t] is posterior's rho_hat_t[t + 1]
        double[] rho = new double[n];
        int t = 0;
        double rhoEven = 1;
        rho[0] = rhoEven;
        double rhoOdd = 1 - (meanVar - acovMeans[1]) / varPlus;
        rho[1] = rhoOdd;
        while (t < n - 5 && !Double.isNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0) {
            t += 2;
            rhoEven = 1 - (meanVar - acovMeans[t]) / varPlus;
            rhoOdd = 1 - (meanVar - acovMeans[t + 1]) / varPlus;
            if (rhoEven + rhoOdd >= 0) {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }
        int maxT = t;
        if (rhoEven > 0) {
            rho[maxT] = rhoEven;
        }
        // Geyer's initial monotone sequence
        t = 0;
        while (t <= maxT - 4) {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }
        double size = (double) chains * n;
        double sum = 0;
        for (int i = 0; i < maxT; i++) {
            sum += rho[i];
        }
        if (maxT == 0) {
            // posterior sums rho_hat_t[1:max_t]; in R, 1:0 is c(1, 0), which selects rho_hat_t[1]
            sum = rho[0];
        }
        double tau = -1 + 2 * sum + rho[maxT];
        tau = Math.max(tau, 1 / Math.log10(size));
        return size / tau;
    }
}
