package dev.langevin.diagnostics;

/**
 * The draws of one parameter: {@code chains} chains of {@code draws} draws each, chain-major
 * ({@code values[c * draws + t]}); posterior's iterations x chains matrix, transposed.
 *
 * @param values the draws
 * @param chains number of chains
 * @param draws  draws per chain
 */
public record Chains(double[] values, int chains, int draws) {

    /** Checks the sizes. */
    public Chains {
        if ((long) chains * draws != values.length) {
            throw new IllegalArgumentException(chains + " chains x " + draws + " draws != " + values.length + " values");
        }
    }

    /** Draw t of chain c. */
    public double get(int chain, int draw) {
        return values[chain * draws + draw];
    }

    /**
     * Splits every chain into its first and second half, giving 2C chains (posterior's
     * {@code .split_chains}): the first halves first, then the second halves; with an odd
     * number of draws the middle draw is dropped. A single draw is left as it is.
     */
    public Chains split() {
        if (draws == 1) {
            return this;
        }
        int half = draws / 2;
        int secondStart = draws - half;
        double[] out = new double[2 * chains * half];
        for (int c = 0; c < chains; c++) {
            System.arraycopy(values, c * draws, out, c * half, half);
            System.arraycopy(values, c * draws + secondStart, out, (chains + c) * half, half);
        }
        return new Chains(out, 2 * chains, half);
    }

    /** The same layout with new values (for transformed draws). */
    public Chains with(double[] newValues) {
        return new Chains(newValues, chains, draws);
    }

    /** Mean of chain c. */
    public double chainMean(int chain) {
        double sum = 0;
        for (int t = 0; t < draws; t++) {
            sum += values[chain * draws + t];
        }
        return sum / draws;
    }

    /** Whether any draw is NaN (R's NA or NaN), for which posterior gives NA for every statistic. */
    public boolean hasNaN() {
        for (double v : values) {
            if (v != v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether posterior returns NA for these draws (its {@code should_return_NA}): any value
     * NaN or infinite, or all values within machine epsilon of each other.
     */
    public boolean degenerate() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return true;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return Math.abs(max - min) < Math.ulp(1.0);
    }
}
