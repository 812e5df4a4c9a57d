package dev.langevin.diagnostics;

/**
 * Summary of one parameter over all kept draws of all non-divergent chains; each quantity is
 * computed as the R package posterior computes it, NaN where posterior gives NA.
 *
 * @param name       parameter name
 * @param mean       sample mean
 * @param sd         sample standard deviation (n - 1)
 * @param q5         5% quantile (type 7)
 * @param q50        median
 * @param q95        95% quantile
 * @param mcseMean   Monte Carlo standard error of the mean
 * @param essBulk    bulk effective sample size
 * @param essTail    tail effective sample size
 * @param rhat       rank-normalised split R-hat
 * @param rhatNested nested R-hat, NaN when no superchains were given
 * @param nonFinite  how many of the draws are NaN or infinite (posterior then gives NA for most statistics)
 */
public record ParameterSummary(String name, double mean, double sd, double q5, double q50, double q95,
                               double mcseMean, double essBulk, double essTail, double rhat, double rhatNested,
                               long nonFinite) {
    /** R-hat above this flags non-convergence (posterior and Stan). */
    public static final double RHAT_LIMIT = 1.01;
    /** ESS below this is too small to trust the R-hat and MCSE estimates (posterior and Stan). */
    public static final double ESS_LIMIT = 400;

    /** Whether R-hat (or nested R-hat) exceeds {@link #RHAT_LIMIT}. */
    public boolean rhatFlagged() {
        return rhat > RHAT_LIMIT || rhatNested > RHAT_LIMIT;
    }

    /** Whether bulk- or tail-ESS is below {@link #ESS_LIMIT}. */
    public boolean essFlagged() {
        return essBulk < ESS_LIMIT || essTail < ESS_LIMIT;
    }
}
