package dev.langevin.diagnostics;

/**
 * Ranks 1..n with ties given their average rank (R's {@code rank(ties.method = "average")}).
 * Values are ordered by a least-significant-digit radix sort of their IEEE bits, mapped so
 * that unsigned order is numeric order; for the millions of draws of one parameter this is
 * several times faster than comparison sorting with boxed indices.
 */
public final class Ranks {
    private static final int DIGIT_BITS = 16;
    private static final int BUCKETS = 1 << DIGIT_BITS;

    private Ranks() {
    }

    /** The average rank of each value among all of them; values must not be NaN. */
    public static double[] of(double[] values) {
        int n = values.length;
        long[] keys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            // + 0.0 turns -0.0 into 0.0, which R ranks as a tie
            long bits = Double.doubleToLongBits(values[i] + 0.0);
            keys[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            order[i] = i;
        }
        long[] keyBuffer = new long[n];
        int[] orderBuffer = new int[n];
        int[] counts = new int[BUCKETS + 1];
        for (int shift = 0; shift < Long.SIZE; shift += DIGIT_BITS) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[(int) ((keys[i] >>> shift) & (BUCKETS - 1)) + 1]++;
            }
            if (counts[(int) ((keys[0] >>> shift) & (BUCKETS - 1)) + 1] == n) {
                continue; // every key has this digit: the pass would not move anything
            }
            for (int b = 0; b < BUCKETS; b++) {
                counts[b + 1] += counts[b];
            }
            for (int i = 0; i < n; i++) {
                int position = counts[(int) ((keys[i] >>> shift) & (BUCKETS - 1))]++;
                keyBuffer[position] = keys[i];
                orderBuffer[position] = order[i];
            }
            long[] swapKeys = keys;
            keys = keyBuffer;
            keyBuffer = swapKeys;
            int[] swapOrder = order;
            order = orderBuffer;
            orderBuffer = swapOrder;
        }
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) {
                end++;
            }
            double average = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) {
                ranks[order[k]] = average;
            }
            start = end;
        }
        return ranks;
    }
}
