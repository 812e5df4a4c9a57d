package dev.langevin.diagnostics;

/**
 * Potential scale reduction factors. {@link #basic} is Gelman and Rubin's split R-hat;
 * {@link #rankNormalized} is the rank-normalised, folded split R-hat of Vehtari, Gelman,
 * Simpson, Carpenter, Buerkner (2021), posterior's {@code rhat}; {@link #nested} is the nested
 * R-hat of Margossian, Hoffman, Sountsov, Riou-Durand, Vehtari, Gelman (2024), "Nested R-hat:
 * assessing the convergence of Markov chain Monte Carlo when running many short chains",
 * Bayesian Analysis.
 */
public final class RHat {
    private RHat() {
    }

    /** max(bulk R-hat, tail R-hat): R-hat of the rank-normalised split chains and of their folded values. */
    public static double rankNormalized(Chains x) {
        if (x.hasNaN()) {
            return Double.NaN; // posterior's ranks keep NA, and .rhat returns NA for them
        }
        double bulk = rhat(RankNormalization.zScale(x.split()));
        double tail = rhat(RankNormalization.zScale(RankNormalization.fold(x).split()));
        return Double.isNaN(bulk) || Double.isNaN(tail) ? Double.NaN : Math.max(bulk, tail);
    }

    /** Split R-hat on the raw draws (posterior's {@code rhat_basic}). */
    public static double basic(Chains x) {
        return rhat(x.split());
    }

    /**
     * sqrt(((n B / W) + n - 1) / n) with B the variance of the chain means and W the mean
     * within-chain variance (posterior's {@code .rhat}), on the chains as given.
     */
    public static double rhat(Chains x) {
        if (x.degenerate()) {
            return Double.NaN;
        }
        int n = x.draws();
        double[] means = new double[x.chains()];
        double within = 0;
        for (int c = 0; c < x.chains(); c++) {
            means[c] = x.chainMean(c);
            within += Moments.variance(x.values(), c * n, n, means[c]);
        }
        within /= x.chains();
        double between = n * Moments.variance(means);
        return Math.sqrt((between / within + n - 1) / n);
    }

    /**
     * Nested R-hat: chains are grouped into K superchains of equal size M (chains started from
     * the same point); with superchain means m_k, B = var(m_k) and W the mean over superchains
     * of (variance of its chain means + mean within-chain variance),
     * nR-hat = sqrt(1 + B / W). Chains are not split and draws not rank-normalised.
     *
     * @param x          the draws
     * @param superchain superchain index (0 .. K-1) of each chain
     */
    public static double nested(Chains x, int[] superchain) {
        if (superchain.length != x.chains()) {
            throw new IllegalArgumentException("superchain ids: " + superchain.length + " for " + x.chains() + " chains");
        }
        if (x.degenerate()) {
            return Double.NaN;
        }
        int n = x.draws();
        double[] means = new double[x.chains()];
        double[] variances = new double[x.chains()];
        for (int c = 0; c < x.chains(); c++) {
            means[c] = x.chainMean(c);
            variances[c] = n > 1 ? Moments.variance(x.values(), c * n, n, means[c]) : 0;
        }
        return nested(means, variances, superchain);
    }

    /**
     * Nested R-hat from each chain's mean and within-chain variance (0 for one draw).
     *
     * @param chainMeans     mean of each chain
     * @param chainVariances within-chain variance of each chain
     * @param superchain     superchain index (0 .. K-1) of each chain
     */
    static double nested(double[] chainMeans, double[] chainVariances, int[] superchain) {
        int groups = 0;
        for (int s : superchain) {
            groups = Math.max(groups, s + 1);
        }
        int[] sizes = new int[groups];
        for (int s : superchain) {
            sizes[s]++;
        }
        int perGroup = sizes[0];
        for (int size : sizes) {
            if (size != perGroup) {
                throw new IllegalArgumentException("superchains must have equal numbers of chains, found "
                        + java.util.Arrays.toString(sizes) + ".");
            }
        }
        double[][] groupMeans = new double[groups][perGroup];
        double[] withinChain = new double[groups];
        int[] filled = new int[groups];
        for (int c = 0; c < chainMeans.length; c++) {
            int k = superchain[c];
            groupMeans[k][filled[k]++] = chainMeans[c];
            withinChain[k] += chainVariances[c] / perGroup;
        }
        double[] superchainMeans = new double[groups];
        double within = 0;
        for (int k = 0; k < groups; k++) {
            superchainMeans[k] = Moments.mean(groupMeans[k]);
            double betweenChains = perGroup > 1 ? Moments.variance(groupMeans[k]) : 0;
            within += (withinChain[k] + betweenChains) / groups;
        }
        return Math.sqrt(1 + Moments.variance(superchainMeans) / within);
    }
}
