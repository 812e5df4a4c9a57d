package dev.langevin.diagnostics;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * One worker's arrays for summarising parameters of S = chains x draws values each, reused
 * from parameter to parameter, and the arithmetic that makes a summary cost little more than
 * one sort and four FFT passes:
 * <ul>
 * <li>one radix sort of the values gives the quantiles, the median, the ranks of the bulk
 * (split) draws, and the order of the folded draws |x - median| (merging the two sides of the
 * median), so the tail ranks need no second sort;</li>
 * <li>split chains are addressed in place (first halves, then second halves, the middle draw
 * of an odd length left out), never copied;</li>
 * <li>the mean autocovariance over chains is the inverse FFT of the chains' summed power
 * spectra, one inverse transform per ESS instead of one per chain.</li>
 * </ul>
 * The numbers are those of {@link RHat}, {@link Ess}, {@link Mcse} and {@link Quantiles} on the
 * same draws, up to rounding. Parameters with a non-finite value or fewer than 6 draws per
 * chain go through those classes directly. Not thread-safe: one workspace per thread.
 */
final class ParameterWorkspace {
    /** Bytes a workspace holds per value: values, bulk and tail draws, two key and two order arrays. */
    static final long BYTES_PER_VALUE = 5 * Double.BYTES + 2 * Integer.BYTES;

    private final int chains;
    private final int draws;
    private final int size;
    private final int half;
    private final int secondStart;
    private final boolean odd;
    private final double[] values;
    private final double[] bulk;
    private final double[] work;
    private final long[] keys;
    private final long[] keyBuffer;
    private final int[] order;
    private final int[] orderBuffer;
    private final double[] splitMeans;
    private final SummedSpectrum spectrum;

    /**
     * @param chains the chains summarised (divergent ones already left out)
     * @param draws  draws per chain
     */
    ParameterWorkspace(int chains, int draws) {
        this.chains = chains;
        this.draws = draws;
        this.size = Math.multiplyExact(chains, draws);
        this.half = draws / 2;
        this.secondStart = draws - half;
        this.odd = draws % 2 == 1;
        this.values = new double[size];
        this.bulk = new double[size];
        this.work = new double[size];
        this.keys = new long[size];
        this.keyBuffer = new long[size];
        this.order = new int[size];
        this.orderBuffer = new int[size];
        this.splitMeans = new double[2 * chains];
        this.spectrum = half >= 3 ? new SummedSpectrum(half) : null;
    }

    /** The array to fill with a parameter's draws, chain-major ({@code values[c * draws + t]}). */
    double[] values() {
        return values;
    }

    /** Loads a parameter's draws held as floats. */
    void load(float[] column) {
        for (int i = 0; i < size; i++) {
            values[i] = column[i];
        }
    }

    /** Loads a parameter's draws. */
    void load(double[] column) {
        System.arraycopy(column, 0, values, 0, size);
    }

    /**
     * Summarises the loaded draws.
     *
     * @param name             the parameter's name
     * @param nestedPositions  positions (among the loaded chains) of the chains of whole superchains, or null
     * @param nestedGroups     superchain of each of those chains
     */
    ParameterSummary summarise(String name, int[] nestedPositions, int[] nestedGroups) {
        double mean = Moments.mean(values);
        double sd = size > 1 ? Math.sqrt(Moments.variance(values)) : Double.NaN;
        double rhatNested = nestedPositions == null ? Double.NaN : nested(nestedPositions, nestedGroups);
        scan();
        if (half < 3 || !finite) {
            return direct(name, mean, sd, rhatNested);
        }
        int[] sorted = sortKeys();
        double q5 = quantile(sorted, 0.05);
        double q50 = quantile(sorted, 0.5);
        double q95 = quantile(sorted, 0.95);

        int bulkGroups = rankBulk(sorted);
        int tailGroups = rankFolded(sorted, median(sorted));
        double rhatBulk = bulkGroups > 1 ? rhat(bulk) : Double.NaN;
        double rhatTail = tailGroups > 1 ? rhat(work) : Double.NaN;
        double rhat = Double.isNaN(rhatBulk) || Double.isNaN(rhatTail) ? Double.NaN : Math.max(rhatBulk, rhatTail);
        double essBulk = bulkGroups > 1 ? ess(bulk) : Double.NaN;
        double mcse = sd / Math.sqrt(degenerateSplit ? Double.NaN : ess(values));
        double essTail = Double.NaN;
        if (!degenerateAll) {
            essTail = Math.min(indicatorEss(q5), indicatorEss(q95));
        }
        return new ParameterSummary(name, mean, sd, q5, q50, q95, mcse, essBulk, essTail, rhat, rhatNested, 0);
    }

    /** The per-quantity classes on a copy of the draws, for the cases they handle specially. */
    private ParameterSummary direct(String name, double mean, double sd, double rhatNested) {
        Chains x = new Chains(values.clone(), chains, draws);
        double[] q = Quantiles.of(x.values(), 0.05, 0.5, 0.95);
        double mcse = sd / Math.sqrt(Ess.basic(x));
        return new ParameterSummary(name, mean, sd, q[0], q[1], q[2], mcse, Ess.bulk(x), Ess.tail(x),
                RHat.rankNormalized(x), rhatNested, nonFinite);
    }

    private boolean included(int index) {
        return !odd || index % draws != half;
    }

    /** What one pass over the values tells: finiteness, the non-finite draws, float32-ness, the spreads posterior checks. */
    private boolean finite;
    private long nonFinite;
    private boolean allFloats;
    /** posterior's should_return_NA on the split draws: all within machine epsilon of each other. */
    private boolean degenerateSplit;
    /** The same on all draws, the middle ones included (the tail-ESS check). */
    private boolean degenerateAll;

    private void scan() {
        boolean floats = true;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double splitMin = Double.POSITIVE_INFINITY;
        double splitMax = Double.NEGATIVE_INFINITY;
        long nans = 0;
        long infinite = 0;
        for (int c = 0; c < chains; c++) {
            int from = c * draws;
            for (int i = from; i < from + draws; i++) {
                double v = values[i];
                floats &= (float) v == v;
                nans += v != v ? 1 : 0;
                infinite += Double.isInfinite(v) ? 1 : 0;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            if (odd) {
                // the middle draw counts for the all-draws spread only
                for (int i = from; i < from + draws; i++) {
                    if (i - from != half) {
                        splitMin = Math.min(splitMin, values[i]);
                        splitMax = Math.max(splitMax, values[i]);
                    }
                }
            }
        }
        if (!odd) {
            splitMin = min;
            splitMax = max;
        }
        finite = nans == 0 && Double.isFinite(min) && Double.isFinite(max);
        nonFinite = nans + infinite;
        allFloats = floats;
        degenerateAll = Math.abs(max - min) < Math.ulp(1.0);
        degenerateSplit = Math.abs(splitMax - splitMin) < Math.ulp(1.0);
    }

    // ---- sorting -------------------------------------------------------------------------

    /**
     * Sorts the values. When every value is a float (draws written as float32), the 32-bit key
     * and the index share one long and three 11-bit passes sort them, leaving the sorted
     * indices in {@code order}; otherwise 64-bit keys and a separate order array take six.
     *
     * @return the indices of the values in ascending order
     */
    private int[] sortKeys() {
        if (allFloats) {
            for (int i = 0; i < size; i++) {
                keys[i] = ((long) RadixSort.floatKey((float) values[i]) << 32) | i;
            }
            sortedKeys = RadixSort.sort(keys, keyBuffer, null, null, size, Integer.SIZE, Long.SIZE).keys();
            floatKeys = true;
            for (int i = 0; i < size; i++) {
                order[i] = (int) sortedKeys[i];
            }
            return order;
        }
        for (int i = 0; i < size; i++) {
            keys[i] = RadixSort.doubleKey(values[i]);
            order[i] = i;
        }
        RadixSort.Sorted sorted = RadixSort.sort(keys, keyBuffer, order, orderBuffer, size, 0, Long.SIZE);
        sortedKeys = sorted.keys();
        floatKeys = false;
        return sorted.order();
    }

    /** The k-th smallest value, decoded from the sorted keys (sequential, unlike values[sorted[k]]). */
    private double sortedValue(int k) {
        return floatKeys ? RadixSort.fromFloatKey((int) (sortedKeys[k] >>> 32)) : RadixSort.fromDoubleKey(sortedKeys[k]);
    }

    /** The keys in ascending order after {@link #sortKeys}. */
    private long[] sortedKeys;
    /** Whether {@link #sortedKeys} hold float keys in their upper half. */
    private boolean floatKeys;

    // ---- quantiles and ranks -------------------------------------------------------------

    /** R's type 7 quantile over all draws (posterior's quantile2). */
    private double quantile(int[] sorted, double probability) {
        double index = (size - 1) * probability;
        int lo = (int) Math.floor(index);
        int hi = (int) Math.ceil(index);
        double low = sortedValue(lo);
        double high = sortedValue(hi);
        double h = index - lo;
        return h == 0 || high == low ? low : (1 - h) * low + h * high;
    }

    /** R's median over all draws, as posterior's fold_draws takes it. */
    private double median(int[] sorted) {
        int middle = size / 2;
        return size % 2 == 1 ? sortedValue(middle) : (sortedValue(middle - 1) + sortedValue(middle)) / 2;
    }

    /**
     * Writes the normal scores of the average ranks of the split draws into {@code bulk}.
     *
     * @return the number of distinct values among the split draws
     */
    private int rankBulk(int[] sorted) {
        return rankRuns(sorted, sortedKeys, floatKeys ? Integer.SIZE : 0, bulk);
    }

    /**
     * Writes the normal scores of the average ranks of the folded split draws |x - median| into
     * {@code work}. The folded draws are in order when the values below the median are taken
     * downwards and those above it upwards, so the two runs are merged, not sorted; the merged
     * indices and folded values go to the sort's spare arrays.
     *
     * @return the number of distinct folded values among the split draws
     */
    private int rankFolded(int[] sorted, double median) {
        int[] merged = sorted == order ? orderBuffer : order;
        long[] folded = sortedKeys == keys ? keyBuffer : keys;
        int right = 0;
        while (right < size && sortedValue(right) < median) {
            right++;
        }
        int left = right - 1;
        double fl = left >= 0 ? Math.abs(sortedValue(left) - median) : Double.POSITIVE_INFINITY;
        double fr = right < size ? Math.abs(sortedValue(right) - median) : Double.POSITIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            if (fl <= fr) {
                merged[k] = sorted[left];
                folded[k] = Double.doubleToRawLongBits(fl);
                left--;
                fl = left >= 0 ? Math.abs(sortedValue(left) - median) : Double.POSITIVE_INFINITY;
            } else {
                merged[k] = sorted[right];
                folded[k] = Double.doubleToRawLongBits(fr);
                right++;
                fr = right < size ? Math.abs(sortedValue(right) - median) : Double.POSITIVE_INFINITY;
            }
        }
        return rankRuns(merged, folded, 0, work);
    }

    /**
     * Scores average ranks along a sorted sequence: {@code indices[k]} is the k-th value's index
     * and equal {@code keys[k] >>> shift} mark ties. Draws left out of the split chains (the
     * middle draw of an odd length) take no rank.
     *
     * @return the number of distinct values ranked
     */
    private int rankRuns(int[] indices, long[] keys, int shift, double[] out) {
        int included = odd ? 2 * chains * half : size;
        double[] table = RankNormalization.halfScores(included);
        int rank = 0;
        int groups = 0;
        for (int start = 0; start < size; ) {
            long key = keys[start] >>> shift;
            int end = start + 1;
            while (end < size && keys[end] >>> shift == key) {
                end++;
            }
            int count = end - start;
            if (odd) {
                count = 0;
                for (int k = start; k < end; k++) {
                    count += included(indices[k]) ? 1 : 0;
                }
            }
            if (count > 0) {
                // the average of ranks rank+1 .. rank+count, a whole or half number
                double z = table[2 * rank + count - 1];
                for (int k = start; k < end; k++) {
                    out[indices[k]] = z;
                }
                rank += count;
                groups++;
            }
            start = end;
        }
        return groups;
    }

    // ---- R-hat and ESS on split chains in place --------------------------------------------

    private int splitStart(int s) {
        return s < chains ? s * draws : (s - chains) * draws + secondStart;
    }

    private double splitMean(double[] x, int from) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int t = from;
        for (int end = from + half - 3; t < end; t += 4) {
            s0 += x[t];
            s1 += x[t + 1];
            s2 += x[t + 2];
            s3 += x[t + 3];
        }
        for (; t < from + half; t++) {
            s0 += x[t];
        }
        return ((s0 + s1) + (s2 + s3)) / half;
    }

    /** {@link RHat#rhat} of the split chains of x. */
    private double rhat(double[] x) {
        int m = 2 * chains;
        double within = 0;
        for (int s = 0; s < m; s++) {
            int from = splitStart(s);
            splitMeans[s] = splitMean(x, from);
            within += Moments.variance(x, from, half, splitMeans[s]);
        }
        within /= m;
        double between = half * Moments.variance(splitMeans);
        return Math.sqrt((between / within + half - 1) / half);
    }

    /** {@link Ess#ess} of the split chains of x (not degenerate). */
    private double ess(double[] x) {
        int m = 2 * chains;
        spectrum.clear();
        for (int s = 0; s < m; s++) {
            int from = splitStart(s);
            splitMeans[s] = splitMean(x, from);
            spectrum.add(x, from, splitMeans[s]);
        }
        return Ess.fromAutocovariance(spectrum.meanAutocovariance(m), splitMeans, m, half);
    }

    /** ESS of the split indicator I(x <= q), NaN when it is constant. */
    private double indicatorEss(double q) {
        int ones = 0;
        for (int i = 0; i < size; i++) {
            boolean below = values[i] <= q;
            work[i] = below ? 1 : 0;
            ones += below && included(i) ? 1 : 0;
        }
        int included = odd ? 2 * chains * half : size;
        return ones == 0 || ones == included ? Double.NaN : ess(work);
    }

    /** Nested R-hat over whole chains at the given positions. */
    private double nested(int[] positions, int[] groups) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[] means = new double[positions.length];
        double[] variances = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            int from = positions[i] * draws;
            double sum = 0;
            for (int t = from; t < from + draws; t++) {
                double v = values[t];
                sum += v;
                if (!Double.isFinite(v)) {
                    return Double.NaN;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            means[i] = sum / draws;
            variances[i] = draws > 1 ? Moments.variance(values, from, draws, means[i]) : 0;
        }
        if (Math.abs(max - min) < Math.ulp(1.0)) {
            return Double.NaN;
        }
        return RHat.nested(means, variances, groups);
    }

    /**
     * Power spectra of zero-padded centred chains of one length, summed over chains; the inverse
     * transform of the sum is the sum of the chains' autocovariances, up to a scale that
     * {@link #meanAutocovariance} fixes by matching lag 0 to the summed variances.
     */
    private static final class SummedSpectrum {
        private final int n;
        private final int length;
        private final DoubleFFT_1D fft;
        private final double[] buffer;
        private final double[] power;
        /** Sum over the chains added of their variances (denominator n), the lag-0 autocovariances. */
        private double variances;

        SummedSpectrum(int n) {
            this.n = n;
            this.length = Autocovariance.paddedLength(n);
            this.fft = new DoubleFFT_1D(length);
            this.buffer = new double[length];
            this.power = new double[length / 2 + 1];
        }

        void clear() {
            java.util.Arrays.fill(power, 0);
            variances = 0;
        }

        /** Adds the power spectrum of x[from .. from + n) minus its mean; constant chains add nothing. */
        void add(double[] x, int from, double mean) {
            boolean constant = true;
            for (int i = from + 1; i < from + n && constant; i++) {
                constant = x[i] == x[from];
            }
            if (constant) {
                return;
            }
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double y = x[from + i] - mean;
                buffer[i] = y;
                squares += y * y;
            }
            variances += squares / n;
            java.util.Arrays.fill(buffer, n, length, 0.0);
            fft.realForward(buffer);
            power[0] += buffer[0] * buffer[0];
            power[length / 2] += buffer[1] * buffer[1];
            for (int k = 1; k < length / 2; k++) {
                double re = buffer[2 * k];
                double im = buffer[2 * k + 1];
                power[k] += re * re + im * im;
            }
        }

        /** The autocovariances at lags 0 .. n-1, averaged over {@code chains} chains. */
        double[] meanAutocovariance(int chains) {
            buffer[0] = power[0];
            buffer[1] = power[length / 2];
            for (int k = 1; k < length / 2; k++) {
                buffer[2 * k] = power[k];
                buffer[2 * k + 1] = 0;
            }
            fft.realInverse(buffer, false);
            // lag 0 is the summed variances; scaling to it cancels the transforms' scale, as in Autocovariance
            double scale = buffer[0] == 0 ? 0 : variances / buffer[0] / chains;
            double[] acov = new double[n];
            for (int t = 0; t < n; t++) {
                acov[t] = buffer[t] * scale;
            }
            return acov;
        }
    }
}
