package dev.langevin.diagnostics;

/**
 * Ranks 1..n with ties given their average rank (R's {@code rank(ties.method = "average")}),
 * from a {@link RadixSort} of the values' keys.
 */
public final class Ranks {
    private Ranks() {
    }

    /** The average rank of each value among all of them; values must not be NaN. */
    public static double[] of(double[] values) {
        int n = values.length;
        long[] keys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = RadixSort.doubleKey(values[i]);
            order[i] = i;
        }
        RadixSort.Sorted sorted = RadixSort.sort(keys, new long[n], order, new int[n], n, 0, Long.SIZE);
        long[] sortedKeys = sorted.keys();
        int[] sortedOrder = sorted.order();
        double[] ranks = new double[n];
        for (int start = 0; start < n; ) {
            int end = start + 1;
            while (end < n && sortedKeys[end] == sortedKeys[start]) {
                end++;
            }
            double average = (start + 1 + end) / 2.0;
            for (int k = start; k < end; k++) {
                ranks[sortedOrder[k]] = average;
            }
            start = end;
        }
        return ranks;
    }
}
